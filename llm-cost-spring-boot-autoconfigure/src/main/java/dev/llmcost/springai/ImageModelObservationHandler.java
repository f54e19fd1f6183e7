package dev.llmcost.springai;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.llmcost.observation.LlmCallObservationContext;
import dev.llmcost.observation.LlmCallRecorder;
import dev.llmcost.observation.LlmCallRecorder.CallResult;
import dev.llmcost.provider.LlmProviders;
import dev.llmcost.usage.TokenUsage;
import dev.llmcost.usage.UnitType;
import dev.llmcost.usage.UnitUsage;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.image.ImageOptions;
import org.springframework.ai.image.ImageResponse;
import org.springframework.ai.image.observation.ImageModelObservationContext;

/**
 * Records the calls of Spring AI {@code ImageModel}s as {@code llm.call}s of operation
 * {@value LlmCallObservationContext#IMAGE_GENERATION}, following Spring AI's own image
 * model observation: billed per image generated, under the name of the model's price for
 * the images' size and quality (see {@link ImagePriceKeys}), attributed like chat calls.
 * <p>
 * The images counted are those the response returns, which are those billed. Spring AI
 * keeps no token usage of image responses ({@code gpt-image-1} reports some): a call is
 * priced per image only.
 * <p>
 * The observation carries the prompt's options only; the model merges them into its own
 * default options before calling. Those of the application's image model are given with
 * {@link #setDefaultOptions}, so that a model, size or quality set only in its properties
 * is priced too.
 *
 * @author llm-cost contributors
 */
public class ImageModelObservationHandler implements ObservationHandler<ImageModelObservationContext> {

	private static final String CALL = ImageModelObservationHandler.class.getName() + ".call";

	private final LlmCallRecorder recorder;

	private final Map<String, ImageOptions> defaultOptions = new ConcurrentHashMap<>();

	/**
	 * Create a handler.
	 * @param recorder records the calls
	 */
	public ImageModelObservationHandler(LlmCallRecorder recorder) {
		this.recorder = recorder;
	}

	/**
	 * Set the default options of the image model of a provider, which its calls merge the
	 * prompt's options into.
	 * @param provider the provider, as Spring AI names it in its observations (for
	 * example {@code openai})
	 * @param options the model's default options
	 */
	public void setDefaultOptions(String provider, ImageOptions options) {
		this.defaultOptions.put(provider, options);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ImageModelObservationContext;
	}

	@Override
	public void onStart(ImageModelObservationContext context) {
		try {
			if (this.recorder.isRecorded(context)) {
				return;
			}
			String provider = context.getOperationMetadata().provider();
			String model = ImagePriceKeys.of(context.getRequest().getOptions(), this.defaultOptions.get(provider));
			Observation call = this.recorder.start(SpringAiObservations.attribution(context),
					LlmProviders.forSpringAi(provider), LlmCallObservationContext.IMAGE_GENERATION, model, null);
			if (!call.isNoop()) {
				context.put(CALL, call);
			}
		}
		catch (RuntimeException ex) {
			this.recorder.failed("following an image model observation", ex);
		}
	}

	@Override
	public void onStop(ImageModelObservationContext context) {
		Observation call = context.get(CALL);
		if (call == null) {
			return;
		}
		context.remove(CALL);
		UnitUsage images;
		try {
			images = images(context.getResponse());
		}
		catch (RuntimeException ex) {
			this.recorder.failed("reading an image model response", ex);
			images = UnitUsage.NONE;
		}
		this.recorder.stop(call, new CallResult(null, null, TokenUsage.EMPTY, null, context.getError(), images, false));
	}

	private static UnitUsage images(@Nullable ImageResponse response) {
		if (response == null || response.getResults() == null) {
			return UnitUsage.NONE;
		}
		return UnitUsage.of(UnitType.IMAGE, response.getResults().size());
	}

}
