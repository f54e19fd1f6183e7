package dev.llmcost.pricing.catalog;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that reading a catalog takes memory in proportion to what it keeps, not to the
 * size of the document: each runs {@link CatalogReadingMain} in a JVM of its own with a
 * 64 MB heap, which a 66 MB document read as one JSON tree exhausts several times over.
 */
class CatalogMemoryTests {

	private static final String HEAP = "-Xmx64m";

	@TempDir
	Path directory;

	@Test
	void catalogOfMoreEntriesThanTheCapShouldBeRefusedWithoutRunningOutOfMemory() throws Exception {
		// 440,000 entries of about 150 bytes: 66 MB
		Path catalog = liteLlmCatalog(440_000, "");
		assertThat(Files.size(catalog)).isGreaterThan(60_000_000);

		Result result = read("litellm", catalog);

		assertThat(result.output()).contains("REFUSED Price catalog generated has more than 50000 entries");
		assertThat(result.exitStatus()).as(result.output()).isZero();
	}

	@Test
	void largeCatalogWithinTheCapShouldLoadWithoutRunningOutOfMemory() throws Exception {
		// 40,000 entries of about 1,650 bytes, as large as LiteLLM's largest: 66 MB
		String notes = ", \"metadata\": { \"notes\": \"" + "n".repeat(1_000) + "\" }, \"supported_regions\": [ "
				+ "\"region-with-a-long-name\", ".repeat(18) + "\"global\" ]";
		Path catalog = liteLlmCatalog(40_000, notes);
		assertThat(Files.size(catalog)).isGreaterThan(60_000_000);

		Result result = read("litellm", catalog);

		assertThat(result.output()).contains("LOADED 40000");
		assertThat(result.exitStatus()).as(result.output()).isZero();
	}

	private Path liteLlmCatalog(int entries, String extra) throws IOException {
		Path file = this.directory.resolve("catalog-" + entries + ".json");
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("{\n");
			for (int i = 0; i < entries; i++) {
				out.write(((i > 0) ? ",\n" : "") + "\"provider/model-number-" + i + "\": { \"litellm_provider\": "
						+ "\"openai\", \"mode\": \"chat\", \"input_cost_per_token\": 1.5e-06, "
						+ "\"output_cost_per_token\": 6e-06, \"max_input_tokens\": 128000" + extra + " }");
			}
			out.write("\n}\n");
		}
		return file;
	}

	private Result read(String format, Path catalog) throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Path output = this.directory.resolve("output.txt");
		Process process = new ProcessBuilder(List.of(java.toString(), HEAP, "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
				CatalogReadingMain.class.getName(), format, catalog.toString()))
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		// A safety net for a reader that never ends, not a measure of time.
		if (!process.waitFor(5, TimeUnit.MINUTES)) {
			process.destroyForcibly().waitFor();
		}
		return new Result(process.exitValue(), Files.readString(output));
	}

	private record Result(int exitStatus, String output) {

	}

}
