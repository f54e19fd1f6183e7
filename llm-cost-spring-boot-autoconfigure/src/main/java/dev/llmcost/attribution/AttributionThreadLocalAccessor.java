package dev.llmcost.attribution;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Lets context-propagation carry the current {@link Attribution} across thread hops (for
 * example {@code @Async} with a context-propagating task decorator, or Reactor with
 * automatic context propagation). Registered through {@code META-INF/services}.
 *
 * @author llm-cost contributors
 */
public class AttributionThreadLocalAccessor implements ThreadLocalAccessor<Attribution> {

	@Override
	public Object key() {
		return AttributionContext.KEY;
	}

	@Override
	public @Nullable Attribution getValue() {
		return AttributionContext.current();
	}

	@Override
	public void setValue(Attribution value) {
		AttributionContext.enter(value);
	}

	@Override
	public void setValue() {
		AttributionContext.restore(null);
	}

}
