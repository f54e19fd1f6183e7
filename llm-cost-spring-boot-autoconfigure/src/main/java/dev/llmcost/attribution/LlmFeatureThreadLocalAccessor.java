package dev.llmcost.attribution;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Lets context-propagation carry the current feature across thread hops (for example
 * {@code @Async} with a context-propagating task decorator, or Reactor with automatic
 * context propagation). Registered through {@code META-INF/services}.
 *
 * @author llm-cost contributors
 */
public class LlmFeatureThreadLocalAccessor implements ThreadLocalAccessor<String> {

	@Override
	public Object key() {
		return LlmFeatureContext.KEY;
	}

	@Override
	public @Nullable String getValue() {
		return LlmFeatureContext.current();
	}

	@Override
	public void setValue(String value) {
		LlmFeatureContext.enter(value);
	}

	@Override
	public void setValue() {
		LlmFeatureContext.restore(null);
	}

}
