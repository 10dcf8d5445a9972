package io.logpipe.sink.iceberg;

import io.logpipe.lake.HourPartition;
import io.logpipe.schemas.LogpipeSerdes;
import io.logpipe.sink.row.EncodedRow;
import io.logpipe.sink.row.RowCodec;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.iceberg.FieldMetrics;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.parquet.TripleWriter;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Writes rows of {@link LogEventTable} into one data file of one hour straight from the Avro bytes
 * of the curated records, as the file mode's {@link RowCodec} does: no {@code LogEvent}, no Iceberg
 * {@code Record}, strings handed to Parquet as the UTF-8 byte ranges they are. Iceberg's generic
 * writer takes {@code String}s and wraps each one's encoding in a {@code ByteBuffer}-backed binary,
 * whose hashing in the string columns' dictionaries was about half of the writer thread
 * (BENCHMARKS.md). {@code dt} and {@code hour} are the file's hour, the same in every row.
 *
 * <p>Iceberg computes the file's metrics from the Parquet footer's column statistics; its generic
 * writer adds field metrics only for floating-point columns (NaN counts), which the table has none
 * of, so {@link #metrics()} is empty here as there. Not thread-safe: one per open file.
 */
final class EncodedRowWriter implements ParquetValueWriter<EncodedRow> {

  private final RowCodec codec = new RowCodec();
  private final ColumnDescriptor[] columns;
  private final int[] maxDefinition;
  private final int eventColumns;
  private final int dt;
  private final int hour;
  private final Columns out = new Columns();
  private ColumnWriter[] writers;

  /**
   * @param file the Parquet schema Iceberg made of the table's schema for this file
   */
  EncodedRowWriter(MessageType file, HourPartition hour) {
    this.columns = file.getColumns().toArray(ColumnDescriptor[]::new);
    this.maxDefinition = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      maxDefinition[i] = columns[i].getMaxDefinitionLevel();
    }
    this.eventColumns = requireEventColumns(LogpipeSerdes.logEvent().schema(), columns);
    this.dt = (int) hour.date().toEpochDay();
    this.hour = hour.hour();
  }

  @Override
  public void write(int repetitionLevel, EncodedRow row) {
    codec.write(row, out);
  }

  /** None: this writer is the file's root, and only a parent writer asks for its children's. */
  @Override
  public List<TripleWriter<?>> columns() {
    return List.of();
  }

  /** Called by Iceberg for every new row group. */
  @Override
  public void setColumnStore(ColumnWriteStore store) {
    ColumnWriter[] w = new ColumnWriter[columns.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = store.getColumnWriter(columns[i]);
    }
    this.writers = w;
  }

  @Override
  public Stream<FieldMetrics<?>> metrics() {
    return Stream.empty();
  }

  /**
   * The number of columns fed from the Avro record. The file's columns must be the table's by field
   * id, in {@link LogEventTable}'s order (names may differ: a renamed column is still the same
   * column), the first ones {@code LogEvent}'s fields with matching primitive types and
   * nullability, the last two {@code dt} and {@code hour}.
   */
  private static int requireEventColumns(Schema avro, ColumnDescriptor[] columns) {
    List<Types.NestedField> table = LogEventTable.SCHEMA.columns();
    List<Schema.Field> fields = avro.getFields();
    if (columns.length != table.size() || fields.size() != table.size() - 2) {
      throw new IllegalStateException(
          "The table's file schema is not LogEvent's fields, dt and hour: " + List.of(columns));
    }
    for (int i = 0; i < columns.length; i++) {
      Type.ID id = columns[i].getPrimitiveType().getId();
      if (id == null || id.intValue() != table.get(i).fieldId()) {
        throw new IllegalStateException(
            "Column " + columns[i] + " of the file is not the table's column " + table.get(i));
      }
    }
    for (Schema.Field f : fields) {
      ColumnDescriptor c = columns[f.pos()];
      Schema s = f.schema();
      boolean optional = s.getType() == Schema.Type.UNION;
      if (optional) {
        s = s.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).findFirst().get();
      }
      PrimitiveTypeName expected =
          switch (s.getType()) {
            case LONG -> PrimitiveTypeName.INT64;
            case INT -> PrimitiveTypeName.INT32;
            case STRING, ENUM -> PrimitiveTypeName.BINARY;
            default -> null;
          };
      if (c.getPrimitiveType().getPrimitiveTypeName() != expected
          || (c.getMaxDefinitionLevel() > 0) != optional) {
        throw new IllegalStateException(
            "Table column " + c + " does not match LogEvent field " + f.name() + " (" + s + ")");
      }
    }
    return fields.size();
  }

  /**
   * Takes the fields {@link RowCodec#write} hands over into the column writers; an optional field
   * the codec skips (null) is written as a null when the next field or the record's end comes.
   */
  private final class Columns extends RecordConsumer {

    private int next;
    private int current;

    @Override
    public void startMessage() {
      next = 0;
    }

    @Override
    public void startField(String field, int index) {
      nullsUpTo(index);
      current = index;
    }

    @Override
    public void endField(String field, int index) {
      next = index + 1;
    }

    @Override
    public void endMessage() {
      nullsUpTo(eventColumns);
      writers[eventColumns].write(dt, 0, 0);
      writers[eventColumns + 1].write(hour, 0, 0);
    }

    private void nullsUpTo(int index) {
      for (; next < index; next++) {
        if (maxDefinition[next] == 0) {
          throw new IllegalStateException("No value for the required column " + columns[next]);
        }
        writers[next].writeNull(0, 0);
      }
    }

    @Override
    public void addInteger(int value) {
      writers[current].write(value, 0, maxDefinition[current]);
    }

    @Override
    public void addLong(long value) {
      writers[current].write(value, 0, maxDefinition[current]);
    }

    @Override
    public void addBinary(Binary value) {
      writers[current].write(value, 0, maxDefinition[current]);
    }

    @Override
    public void startGroup() {
      throw new UnsupportedOperationException("the table has no nested columns");
    }

    @Override
    public void endGroup() {
      throw new UnsupportedOperationException("the table has no nested columns");
    }

    @Override
    public void addBoolean(boolean value) {
      throw new UnsupportedOperationException("the table has no boolean columns");
    }

    @Override
    public void addFloat(float value) {
      throw new UnsupportedOperationException("the table has no float columns");
    }

    @Override
    public void addDouble(double value) {
      throw new UnsupportedOperationException("the table has no double columns");
    }
  }
}
