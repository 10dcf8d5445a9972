package io.logpipe.analytics.partial;

import io.logpipe.analytics.lake.LogEventColumns;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.collection.JavaConverters;

/**
 * The columnar batches of the file scan under a {@link LogEventColumns#PROJECTED} frame, when
 * reading them is the same as reading the frame's rows: its plan is the scan, with at most a
 * projection (renaming or widening columns) above it, and the scan produces batches (Spark's
 * vectorized Parquet reader). Aggregating the batches ({@link BatchAggregation}) spares the copy of
 * every row into an internal row and lets string columns be read by dictionary id.
 */
final class ColumnarScan {

  private final FileSourceScanExec scan;
  private final Columns columns;

  private ColumnarScan(FileSourceScanExec scan, Columns columns) {
    this.scan = scan;
    this.columns = columns;
  }

  /**
   * The batches' columns for each projected column: its ordinal in the batch and, for {@code
   * status}, {@code bytes} and {@code rt_ms}, how the file stores it ({@link #INT}, {@link #LONG},
   * {@link #SHORT}).
   */
  record Columns(
      int dt,
      int hour,
      int host,
      int path,
      int status,
      int statusType,
      int bytes,
      int bytesType,
      int ip,
      int rtMs,
      int rtMsType)
      implements Serializable {}

  static final int INT = 0;
  static final int LONG = 1;
  static final int SHORT = 2;

  /**
   * The scan of {@code events}, or empty when its rows must be read as rows: another plan (a
   * filter, a join, an adaptive plan...), a scan without columnar output, or unexpected types.
   */
  static Optional<ColumnarScan> of(Dataset<Row> events) {
    SparkPlan plan = events.queryExecution().executedPlan();
    ProjectExec project = null;
    while (true) {
      if (plan instanceof WholeStageCodegenExec w) {
        plan = w.child();
      } else if (plan instanceof InputAdapter a) {
        plan = a.child();
      } else if (plan instanceof ColumnarToRowExec c) {
        plan = c.child();
      } else if (plan instanceof ProjectExec p && project == null) {
        project = p;
        plan = p.child();
      } else {
        break;
      }
    }
    if (!(plan instanceof FileSourceScanExec scan) || !scan.supportsColumnar()) {
      return Optional.empty();
    }
    List<Attribute> scanned = JavaConverters.seqAsJavaList(scan.output());
    Map<String, Attribute> byName = new HashMap<>();
    if (project == null) {
      scanned.forEach(a -> byName.put(a.name(), a));
    } else {
      for (NamedExpression e : JavaConverters.seqAsJavaList(project.projectList())) {
        Attribute source = sourceOf(e);
        if (source == null) {
          return Optional.empty();
        }
        byName.put(e.name(), source);
      }
    }
    List<Integer> ordinals = new ArrayList<>();
    List<Integer> types = new ArrayList<>();
    for (String name : LogEventColumns.PROJECTED) {
      Attribute a = byName.get(name);
      int ordinal = a == null ? -1 : indexOf(scanned, a);
      if (ordinal < 0) {
        return Optional.empty();
      }
      int type = typeOf(name, a.dataType());
      if (type < 0) {
        return Optional.empty();
      }
      ordinals.add(ordinal);
      types.add(type);
    }
    int i = 0;
    Columns c =
        new Columns(
            ordinals.get(i++),
            ordinals.get(i++),
            ordinals.get(i++),
            ordinals.get(i++),
            ordinals.get(i),
            types.get(i++),
            ordinals.get(i),
            types.get(i++),
            ordinals.get(i++),
            ordinals.get(i),
            types.get(i));
    return Optional.of(new ColumnarScan(scan, c));
  }

  /** The batches, one RDD partition per scan task, as the rows' plan would read them. */
  RDD<ColumnarBatch> batches() {
    return scan.executeColumnar();
  }

  Columns columns() {
    return columns;
  }

  /** The scanned column a projected one is, renamed or cast; null for any other expression. */
  private static Attribute sourceOf(NamedExpression e) {
    Expression x = (Expression) e;
    if (x instanceof Alias alias) {
      x = alias.child();
    }
    if (x instanceof Cast cast) {
      // A long status cast to int truncates as the rows' plan does, unless ANSI mode makes the
      // rows' plan fail on overflow: then the rows are read as rows.
      boolean narrowing =
          cast.child().dataType().equals(DataTypes.LongType)
              && cast.dataType().equals(DataTypes.IntegerType);
      if (narrowing && SQLConf.get().ansiEnabled()) {
        return null;
      }
      x = cast.child();
    }
    return x instanceof AttributeReference a ? a : null;
  }

  private static int indexOf(List<Attribute> scanned, Attribute a) {
    for (int i = 0; i < scanned.size(); i++) {
      if (scanned.get(i).exprId().equals(a.exprId())) {
        return i;
      }
    }
    return -1;
  }

  /** {@link #INT}, {@link #LONG} or {@link #SHORT} for numbers, 0 for strings, -1: unexpected. */
  private static int typeOf(String name, DataType type) {
    boolean number =
        name.equals(LogEventColumns.STATUS)
            || name.equals(LogEventColumns.BYTES)
            || name.equals(LogEventColumns.RT_MS);
    if (!number) {
      return type.equals(DataTypes.StringType) ? 0 : -1;
    }
    if (type.equals(DataTypes.IntegerType)) {
      return INT;
    }
    if (type.equals(DataTypes.LongType)) {
      return LONG;
    }
    return type.equals(DataTypes.ShortType) ? SHORT : -1;
  }
}
