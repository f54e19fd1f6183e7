package dev.llmcost.demo.feature;

import dev.llmcost.annotation.LlmFeature;

import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.stereotype.Service;

/**
 * Embeds documents for search: the {@code document-index} feature on
 * {@code text-embedding-3-small}.
 * <p>
 * It calls the {@link EmbeddingModel} directly: no {@code ChatClient}, so no advisor. The
 * starter still prices the call, from Spring AI's own embedding observation.
 *
 * @author llm-cost contributors
 */
@Service
public class DocumentIndexService {

	private final EmbeddingModel embeddingModel;

	/**
	 * Create the service.
	 * @param embeddingModel the auto-configured embedding model
	 */
	public DocumentIndexService(EmbeddingModel embeddingModel) {
		this.embeddingModel = embeddingModel;
	}

	/**
	 * Embed a document.
	 * @param text the document
	 * @return its vector
	 */
	@LlmFeature("document-index")
	public float[] index(String text) {
		return this.embeddingModel.embed(text);
	}

}
