package dev.llmcost.observation;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the model names that calls are recorded under bounded: in length, in the
 * characters they contain, and in number.
 * <p>
 * Model names come from the application's requests and from the provider's responses, and
 * end up as the {@code gen_ai.request.model} and {@code gen_ai.response.model} tags of
 * every meter and as the model of each ledger entry. A gateway that answers under ever
 * new names (a request id in the model field, say) would otherwise grow both without end,
 * and a name of a megabyte would be written into every scrape. So a name is recorded
 * {@linkplain #sanitize sanitised}; the first {@code maxModels} distinct names are kept,
 * and later new names are recorded as {@value #OTHER}, counted in
 * {@code llm.attribution.overflow} (tag {@code dimension=model}), and warned about once.
 * <p>
 * Prices are looked up by the names as the call gave them, never by the recorded ones: a
 * call recorded under {@value #OTHER} still costs what its model costs.
 *
 * @author llm-cost contributors
 */
public class ModelNames implements MeterBinder {

	/**
	 * The name that model names past the cap are recorded as.
	 */
	public static final String OTHER = "other";

	/**
	 * The most characters of a model name that are recorded. Real names are tens of
	 * characters; Bedrock ARNs and gateway routes reach about a hundred.
	 */
	public static final int MAX_LENGTH = 128;

	/**
	 * The {@code dimension} tag of {@code llm.attribution.overflow} for model names.
	 */
	static final String DIMENSION = "model";

	private static final Log logger = LogFactory.getLog(ModelNames.class);

	private final NameCap cap;

	private final AtomicLong overflowed = new AtomicLong();

	/**
	 * Create an instance that keeps at most {@code maxModels} distinct names.
	 * @param maxModels the cap, at least 1
	 */
	public ModelNames(int maxModels) {
		this.cap = new NameCap(maxModels, "maxModels");
	}

	/**
	 * Return the name to record a model under, without counting an overflow: for the
	 * request model when a call starts, and for other observations of a call that
	 * {@link #resolve} counts.
	 * @param name the model name as the call gave it, or {@code null}
	 * @return the name to record: {@linkplain #sanitize sanitised}, or {@value #OTHER}
	 * past the cap
	 */
	public String tagFor(@Nullable String name) {
		String sanitized = sanitize(name);
		return isKept(sanitized) ? sanitized : OTHER;
	}

	/**
	 * Return the names to record the models of an ended call under, and count the call
	 * once in {@code llm.attribution.overflow} when either was recorded as
	 * {@value #OTHER} because of the cap.
	 * @param requestModel the model the request named, or {@code null}
	 * @param responseModel the model the response named, or {@code null}
	 * @return the names to record
	 */
	public RecordedModels resolve(@Nullable String requestModel, @Nullable String responseModel) {
		String request = sanitize(requestModel);
		String response = (responseModel != null) ? sanitize(responseModel) : null;
		boolean requestKept = isKept(request);
		boolean responseKept = response == null || isKept(response);
		if (!requestKept || !responseKept) {
			this.overflowed.incrementAndGet();
		}
		return new RecordedModels(requestKept ? request : OTHER,
				(response == null) ? null : (responseKept ? response : OTHER));
	}

	private boolean isKept(String name) {
		if (isAlwaysKept(name) || this.cap.admits(name)) {
			return true;
		}
		if (this.cap.isFirstRefusal()) {
			logger.warn("More than " + this.cap.max() + " distinct LLM model names seen; model '" + name
					+ "' and later new names are recorded as '" + OTHER
					+ "' on meters and in /actuator/llmcost (prices still use the real names). "
					+ "Raise llm.cost.attribution.max-models if these names are legitimate.");
		}
		return false;
	}

	private static boolean isAlwaysKept(String name) {
		return LlmCallObservationContext.UNKNOWN.equals(name) || OTHER.equals(name);
	}

	/**
	 * Return how many calls were recorded with a model as {@value #OTHER} because the cap
	 * was reached.
	 * @return the number of overflowed calls
	 */
	public long overflowCount() {
		return this.overflowed.get();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder(LlmCostMeters.ATTRIBUTION_OVERFLOW.getName(), this, ModelNames::overflowCount)
			.description(LlmCostMeters.ATTRIBUTION_OVERFLOW.description())
			.tag(LlmCostMeters.MeterKeyNames.DIMENSION.asString(), DIMENSION)
			.register(registry);
	}

	/**
	 * Sanitise a model name for a tag value or a ledger key: cut to {@value #MAX_LENGTH}
	 * characters (never inside a surrogate pair), and every control character, line or
	 * paragraph separator and unpaired surrogate replaced by {@code _}; a {@code null} or
	 * blank name is {@value LlmCallObservationContext#UNKNOWN}. Other characters are
	 * kept: model names legitimately contain {@code /}, {@code :}, {@code @} and
	 * non-ASCII letters, and the metrics registries escape what their formats need. Names
	 * that differ only past their first {@value #MAX_LENGTH} characters are recorded as
	 * one.
	 * @param name the name as the call gave it
	 * @return the sanitised name; the same instance when nothing had to change
	 */
	public static String sanitize(@Nullable String name) {
		if (name == null || name.isBlank()) {
			return LlmCallObservationContext.UNKNOWN;
		}
		int length = name.length();
		if (length > MAX_LENGTH) {
			length = Character.isHighSurrogate(name.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
		}
		StringBuilder sanitized = null;
		for (int i = 0; i < length; i++) {
			char c = name.charAt(i);
			boolean replaced = !isRecordable(name, i, length);
			if (replaced && sanitized == null) {
				sanitized = new StringBuilder(length).append(name, 0, i);
			}
			if (sanitized != null) {
				sanitized.append(replaced ? '_' : c);
			}
		}
		if (sanitized != null) {
			return sanitized.toString();
		}
		return (length < name.length()) ? name.substring(0, length) : name;
	}

	private static boolean isRecordable(String name, int index, int length) {
		char c = name.charAt(index);
		if (Character.isHighSurrogate(c)) {
			return index + 1 < length && Character.isLowSurrogate(name.charAt(index + 1));
		}
		if (Character.isLowSurrogate(c)) {
			return index > 0 && Character.isHighSurrogate(name.charAt(index - 1));
		}
		int type = Character.getType(c);
		return type != Character.CONTROL && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR;
	}

	/**
	 * The names a call's models are recorded under.
	 *
	 * @param requestModel the request model's name
	 * @param responseModel the response model's name, or {@code null} when the response
	 * named none
	 */
	public record RecordedModels(String requestModel, @Nullable String responseModel) {

	}

}
