package io.logpipe.sink.iceberg;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTCatalogProperties;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ErrorResponse;

/**
 * A real Iceberg REST catalog server for tests: the REST protocol's table and namespace routes over
 * HTTP (the JDK's server on a free loopback port), each answered by Iceberg's own {@link
 * CatalogHandlers} on a backing catalog, so the client under test speaks to the server side of the
 * protocol as Iceberg implements it (requirements checked on every commit, 409 on a lost race).
 * Iceberg's REST test fixtures would serve the same purpose; they are not published here.
 */
final class RestCatalogServer implements AutoCloseable {

  /** Segments separating a multi-level namespace in a path, as the REST spec encodes them. */
  private static final String NAMESPACE_SEPARATOR = "%1F";

  private static final List<Endpoint> ENDPOINTS =
      List.of(
          Endpoint.V1_LIST_NAMESPACES,
          Endpoint.V1_LOAD_NAMESPACE,
          Endpoint.V1_NAMESPACE_EXISTS,
          Endpoint.V1_CREATE_NAMESPACE,
          Endpoint.V1_LIST_TABLES,
          Endpoint.V1_LOAD_TABLE,
          Endpoint.V1_TABLE_EXISTS,
          Endpoint.V1_CREATE_TABLE,
          Endpoint.V1_UPDATE_TABLE,
          Endpoint.V1_REPORT_METRICS);

  private final Catalog backend;
  private final SupportsNamespaces namespaces;
  private final ObjectMapper json = mapper();
  private final HttpServer http;
  private final ExecutorService workers = Executors.newFixedThreadPool(4);
  private final AtomicInteger commits = new AtomicInteger();
  private final AtomicInteger refusedCommits = new AtomicInteger();

  /** Serves {@code backend} (which must also manage namespaces) until closed. */
  RestCatalogServer(Catalog backend) throws IOException {
    this.backend = backend;
    this.namespaces = (SupportsNamespaces) backend;
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/v1/", this::handle);
    http.setExecutor(workers);
    http.start();
  }

  /** The catalog URI a client is given: {@code http://127.0.0.1:PORT/}. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
  }

  /** Table commits the server applied. */
  int commits() {
    return commits.get();
  }

  /** Table commits the server refused because their requirements no longer held (HTTP 409). */
  int refusedCommits() {
    return refusedCommits.get();
  }

  @Override
  public void close() throws Exception {
    http.stop(0);
    workers.shutdown();
    workers.awaitTermination(10, TimeUnit.SECONDS);
    if (backend instanceof AutoCloseable c) {
      c.close();
    }
  }

  private static ObjectMapper mapper() {
    // the settings of Iceberg's own (package-private) REST mapper
    ObjectMapper m = new ObjectMapper();
    m.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    m.setPropertyNamingStrategy(new PropertyNamingStrategies.KebabCaseStrategy());
    RESTSerializers.registerAll(m);
    return m;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath().substring("/v1/".length());
      List<String> parts = Arrays.asList(path.split("/"));
      Object response = route(method, parts, exchange.getRequestBody());
      if (response == null) {
        exchange.sendResponseHeaders(204, -1);
      } else {
        send(exchange, 200, response);
      }
    } catch (Exception e) {
      sendError(exchange, e);
    } finally {
      exchange.close();
    }
  }

  /** The response body for a request, null for 204 No Content. */
  private Object route(String method, List<String> parts, InputStream body) throws IOException {
    int n = parts.size();
    if (n == 1 && parts.get(0).equals("config") && method.equals("GET")) {
      return ConfigResponse.builder().withEndpoints(ENDPOINTS).build();
    }
    if (n == 0 || !parts.get(0).equals("namespaces")) {
      throw new UnsupportedRoute(method, parts);
    }
    if (n == 1) {
      return switch (method) {
        case "GET" -> CatalogHandlers.listNamespaces(namespaces, Namespace.empty());
        case "POST" ->
            CatalogHandlers.createNamespace(namespaces, read(body, CreateNamespaceRequest.class));
        default -> throw new UnsupportedRoute(method, parts);
      };
    }
    Namespace ns = RESTUtil.decodeNamespaceAsPathSegment(parts.get(1), NAMESPACE_SEPARATOR);
    if (n == 2) {
      return switch (method) {
        case "HEAD" -> {
          CatalogHandlers.namespaceExists(namespaces, ns);
          yield null;
        }
        case "GET" -> CatalogHandlers.loadNamespace(namespaces, ns);
        default -> throw new UnsupportedRoute(method, parts);
      };
    }
    if (!parts.get(2).equals("tables")) {
      throw new UnsupportedRoute(method, parts);
    }
    if (n == 3) {
      return switch (method) {
        case "GET" -> CatalogHandlers.listTables(backend, ns);
        case "POST" ->
            CatalogHandlers.createTable(backend, ns, read(body, CreateTableRequest.class));
        default -> throw new UnsupportedRoute(method, parts);
      };
    }
    TableIdentifier id = TableIdentifier.of(ns, RESTUtil.decodePathSegment(parts.get(3)));
    if (n == 5 && parts.get(4).equals("metrics") && method.equals("POST")) {
      body.readAllBytes(); // scan and commit reports: accepted, not kept
      return null;
    }
    if (n != 4) {
      throw new UnsupportedRoute(method, parts);
    }
    return switch (method) {
      case "HEAD" -> {
        CatalogHandlers.tableExists(backend, id);
        yield null;
      }
      case "GET" -> CatalogHandlers.loadTable(backend, id, RESTCatalogProperties.SnapshotMode.ALL);
      case "POST" -> commit(id, read(body, UpdateTableRequest.class));
      default -> throw new UnsupportedRoute(method, parts);
    };
  }

  private Object commit(TableIdentifier id, UpdateTableRequest request) {
    try {
      Object response = CatalogHandlers.updateTable(backend, id, request);
      commits.incrementAndGet();
      return response;
    } catch (CommitFailedException e) {
      refusedCommits.incrementAndGet();
      throw e;
    }
  }

  private <T> T read(InputStream body, Class<T> type) throws IOException {
    return json.readValue(body, type);
  }

  private void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private void sendError(HttpExchange exchange, Exception e) throws IOException {
    int status = status(e);
    ErrorResponse error =
        ErrorResponse.builder()
            .responseCode(status)
            .withType(e.getClass().getSimpleName())
            .withMessage(String.valueOf(e.getMessage()))
            .build();
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
    } else {
      send(exchange, status, error);
    }
  }

  /** The HTTP status of a failure, by the REST spec (the client maps it back to the exception). */
  private static int status(Exception e) {
    if (e instanceof NoSuchTableException || e instanceof NoSuchNamespaceException) {
      return 404;
    }
    if (e instanceof AlreadyExistsException || e instanceof CommitFailedException) {
      return 409;
    }
    // a route the server lacks is no missing table; a body it cannot read is no unknown commit
    // state
    if (e instanceof ValidationException
        || e instanceof IllegalArgumentException
        || e instanceof UnsupportedRoute
        || e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
      return 400;
    }
    return 500;
  }

  /** A method and path the server does not serve. */
  private static final class UnsupportedRoute extends RuntimeException {
    UnsupportedRoute(String method, List<String> parts) {
      super("no route for " + method + " /v1/" + String.join("/", parts));
    }
  }
}
