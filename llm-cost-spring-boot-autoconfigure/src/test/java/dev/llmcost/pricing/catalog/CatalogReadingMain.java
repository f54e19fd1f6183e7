package dev.llmcost.pricing.catalog;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import dev.llmcost.pricing.PriceList;

/**
 * Reads one catalog file and prints what came of it, for {@link CatalogMemoryTests} to
 * run in a JVM of its own with a small heap: {@code LOADED <models>} or
 * {@code REFUSED <message>}, and exit status 0; an {@link OutOfMemoryError} ends it with
 * another status.
 */
public final class CatalogReadingMain {

	private CatalogReadingMain() {
	}

	/**
	 * Read a catalog.
	 * @param args the format ({@code litellm}, {@code genai-prices} or {@code llm-cost})
	 * and the file
	 * @throws Exception if the file cannot be read
	 */
	public static void main(String[] args) throws Exception {
		CatalogFormat format = Arrays.stream(CatalogFormat.values())
			.filter((candidate) -> candidate.id().equals(args[0]))
			.findFirst()
			.orElseThrow();
		try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
			PriceList prices = format.read(in, "generated");
			System.out.println("LOADED " + prices.models().size());
		}
		catch (IllegalArgumentException ex) {
			System.out.println("REFUSED " + ex.getMessage());
		}
	}

}
