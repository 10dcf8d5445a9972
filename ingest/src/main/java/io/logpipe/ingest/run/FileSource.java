package io.logpipe.ingest.run;

import io.logpipe.ingest.StopSignal;
import io.logpipe.ingest.file.FileFollower;
import io.logpipe.ingest.file.FileLine;
import io.logpipe.ingest.file.FileLineHandler;
import io.logpipe.ingest.file.FileReaderConfig;
import io.logpipe.ingest.file.FollowLoop;
import io.logpipe.ingest.file.FollowPositions;
import io.logpipe.ingest.file.InputFileException;
import io.logpipe.ingest.file.LogFileReader;
import io.logpipe.ingest.file.LogFiles;
import io.logpipe.ingest.produce.LineProducer;
import io.logpipe.schemas.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Reads files once or follows them, sending each line with its {@code source} (and {@code host})
 * header.
 */
final class FileSource implements LineSource {

  private final FileReaderConfig config;
  private final FollowPositions positions;
  private List<Path> files;
  private final List<InputFileReport> reports = new ArrayList<>();

  FileSource(FileReaderConfig config, FollowPositions positions) {
    this.config = config;
    this.positions = positions;
  }

  @Override
  public void open() throws IOException {
    files = LogFiles.expand(config.files());
    if (config.follow()) {
      for (Path f : files) {
        if (LogFiles.isGzip(f)) {
          throw new InputFileException("cannot follow a compressed file: " + f);
        }
        checkStateWritable(FileFollower.defaultStateFile(f, config.stateDir()));
      }
    }
  }

  @Override
  public void sendAll(LineProducer producer, StopSignal stop) throws IOException {
    if (config.follow()) {
      List<FileFollower> followers = new ArrayList<>();
      List<FollowLoop.Target> targets = new ArrayList<>();
      try {
        for (Path f : files) {
          FileFollower follower =
              new FileFollower(
                  f,
                  f.toString(),
                  FileFollower.defaultStateFile(f, config.stateDir()),
                  producer.maxLineBytes());
          followers.add(follower);
          targets.add(new FollowLoop.Target(follower, new Handler(producer, f.toString())));
        }
        new FollowLoop(targets, config.pollInterval(), config.checkpointInterval(), positions)
            .run(stop, producer::failed);
      } finally {
        for (FileFollower f : followers) {
          f.close();
        }
      }
      return;
    }
    LogFileReader reader = new LogFileReader(producer.maxLineBytes());
    for (Path f : files) {
      if (stop.isStopped() || producer.failed()) {
        return;
      }
      Handler handler = new Handler(producer, f.toString());
      try {
        reader.read(f, f.toString(), handler, () -> stop.isStopped() || producer.failed());
        reports.add(new InputFileReport(f.toString(), handler.lines, null));
      } catch (IOException e) {
        // The lines before the damage are sent; the next files are still read. The run ends as an
        // input error.
        reports.add(InputFileReport.damaged(f.toString(), handler.lines, e));
      }
    }
  }

  @Override
  public List<InputFileReport> fileReports() {
    return List.copyOf(reports);
  }

  /** Fails now rather than at the first checkpoint when the position cannot be recorded. */
  private static void checkStateWritable(Path stateFile) {
    Path dir = stateFile.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new InputFileException(
          "cannot create the --follow state directory " + dir + ": " + e.getMessage(), e);
    }
    if (!Files.isWritable(dir) || (Files.exists(stateFile) && !Files.isWritable(stateFile))) {
      throw new InputFileException(
          "cannot write the --follow position to "
              + stateFile
              + "; choose a writable directory with --state-dir");
    }
  }

  @Override
  public String describe() {
    return (config.follow() ? "following " : "reading ")
        + (files != null ? files : config.files())
        + (config.host() != null ? " as host " + config.host() : "");
  }

  /** Sends the lines of one file with that file's headers. */
  private final class Handler implements FileLineHandler {
    private final LineProducer producer;
    private final String source;
    private final List<Header> headers;
    private long lines;

    Handler(LineProducer producer, String source) {
      this.producer = producer;
      this.source = source;
      List<Header> h = new ArrayList<>(2);
      h.add(new RecordHeader(Topics.HEADER_SOURCE, source.getBytes(StandardCharsets.UTF_8)));
      if (config.host() != null) {
        h.add(new RecordHeader(Topics.HEADER_HOST, config.host().getBytes(StandardCharsets.UTF_8)));
      }
      this.headers = List.copyOf(h);
    }

    @Override
    public void onLine(FileLine line) {
      lines++;
      if (line.oversize()) {
        producer.reportOversize(source, line.lineNumber(), line.length());
        return;
      }
      String host = config.host() != null ? config.host() : JsonHostField.find(line.bytes());
      producer.send(line.bytes(), host, headers, source, line.lineNumber());
    }

    @Override
    public void awaitDelivered() {
      producer.flush();
    }
  }
}
