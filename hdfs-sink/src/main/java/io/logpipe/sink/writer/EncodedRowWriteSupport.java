package io.logpipe.sink.writer;

import io.logpipe.schemas.LogEvent;
import io.logpipe.sink.row.EncodedRow;
import io.logpipe.sink.row.RowCodec;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes {@link EncodedRow}s. The file's schema and metadata are parquet-avro's own for {@code
 * LogEvent} (taken from its {@link AvroWriteSupport}), so readers cannot tell these files from
 * {@code AvroParquetWriter}'s; the rows reach the columns straight from their Avro bytes through a
 * {@link RowCodec}.
 */
final class EncodedRowWriteSupport extends WriteSupport<EncodedRow> {

  private static final String AVRO_MODEL_NAME = "avro";

  private final RowCodec codec = new RowCodec();
  private RecordConsumer consumer;

  @Override
  public WriteContext init(Configuration conf) {
    Schema schema = LogEvent.getClassSchema();
    WriteContext avro =
        new AvroWriteSupport<LogEvent>(
                new AvroSchemaConverter(conf).convert(schema),
                schema,
                SpecificData.getForClass(LogEvent.class))
            .init(conf);
    codec.requireSameFields(avro.getSchema());
    return avro;
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(EncodedRow row) {
    codec.write(row, consumer);
  }

  /**
   * Recorded as the file's {@code writer.model.name}: the rows are parquet-avro's, as in its own
   * files.
   */
  @Override
  public String getName() {
    return AVRO_MODEL_NAME;
  }
}
