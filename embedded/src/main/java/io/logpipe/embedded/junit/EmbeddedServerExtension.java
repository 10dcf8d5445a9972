package io.logpipe.embedded.junit;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one server per test class, injects it into test and lifecycle methods, closes it after the
 * class.
 */
abstract class EmbeddedServerExtension<S extends AutoCloseable>
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private final Class<S> type;
  private final Supplier<S> starter;

  EmbeddedServerExtension(Class<S> type, Supplier<S> starter) {
    this.type = type;
    this.starter = starter;
  }

  private ExtensionContext.Namespace namespace() {
    return ExtensionContext.Namespace.create(getClass());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(namespace()).put(type, starter.get());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    S server = context.getStore(namespace()).remove(type, type);
    if (server != null) {
      server.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == type;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getStore(namespace()).get(type, type) == null
        && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    S server = classContext.getStore(namespace()).get(type, type);
    if (server == null) {
      throw new IllegalStateException(
          type.getSimpleName() + " is only available after @BeforeAll of the test class");
    }
    return server;
  }
}
