package dev.llmcost.springai;

import java.util.ArrayList;
import java.util.List;

import dev.llmcost.observation.ModelNames;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Gives Spring AI's own meters ({@code gen_ai.client.operation},
 * {@code gen_ai.client.token.usage}, their {@code .active} long task timers, ...) the
 * model names the starter's meters have: {@code gen_ai.request.model} and
 * {@code gen_ai.response.model} {@linkplain ModelNames#sanitize sanitised} and capped by
 * the same {@link ModelNames}, so a hostile or ever-changing model name cannot flood the
 * metrics backend through them either.
 * <p>
 * A meter filter rather than an observation filter: Spring Boot makes the long task timer
 * of an observation when it starts, before any observation filter runs. Micrometer
 * applies the filter when a meter is registered, not on every update. Spans keep the
 * names Spring AI gives them.
 *
 * @author llm-cost contributors
 */
public class ModelNameMeterFilter implements MeterFilter {

	private static final String REQUEST_MODEL = "gen_ai.request.model";

	private static final String RESPONSE_MODEL = "gen_ai.response.model";

	private final ModelNames modelNames;

	/**
	 * Create a filter.
	 * @param modelNames the model name policy shared with the starter's meters
	 */
	public ModelNameMeterFilter(ModelNames modelNames) {
		this.modelNames = modelNames;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		if (!isSpringAi(id.getName())) {
			return id;
		}
		List<Tag> tags = null;
		int index = 0;
		for (Tag tag : id.getTagsAsIterable()) {
			String recorded = recorded(tag);
			if (!recorded.equals(tag.getValue()) && tags == null) {
				tags = new ArrayList<>(id.getTags());
			}
			if (tags != null) {
				tags.set(index, Tag.of(tag.getKey(), recorded));
			}
			index++;
		}
		return (tags != null) ? id.replaceTags(tags) : id;
	}

	private String recorded(Tag tag) {
		boolean model = REQUEST_MODEL.equals(tag.getKey()) || RESPONSE_MODEL.equals(tag.getKey());
		// "none" is Spring AI's word for a model not known yet, not a name to count.
		if (!model || KeyValue.NONE_VALUE.equals(tag.getValue())) {
			return tag.getValue();
		}
		return this.modelNames.tagFor(tag.getValue());
	}

	private static boolean isSpringAi(String name) {
		return name.startsWith("gen_ai.") || name.startsWith("spring.ai.");
	}

}
