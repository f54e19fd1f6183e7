package dev.llmcost.pricing.catalog;

import java.io.InputStream;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a catalog document one entry at a time: the readers walk the document's outline
 * token by token and read each entry as a small tree of its own, so the memory a catalog
 * takes is that of the prices kept, never that of the document.
 * <p>
 * What is read is bounded. Real catalogs are far within every bound (LiteLLM's about
 * 3,000 entries, genai-prices' about 1,500 models, names under 80 characters, entries
 * under 4 KB, nesting 10 deep):
 * <ul>
 * <li>a catalog of more than {@value #MAX_ENTRIES} entries is refused, rather than read
 * in part;</li>
 * <li>an entry whose name is longer than {@value #MAX_NAME_LENGTH} characters, or which
 * takes more than {@value #MAX_ENTRY_SIZE} bytes, is skipped with a warning;</li>
 * <li>a document nested deeper than {@value #MAX_NESTING_DEPTH}, or with a number longer
 * than {@value #MAX_NUMBER_LENGTH} characters or a string or name longer than
 * {@value #MAX_STRING_LENGTH}, is refused.</li>
 * </ul>
 * Jackson's exceptions are left to {@link CatalogFormat}, which turns them into messages
 * that quote nothing of the document.
 *
 * @author llm-cost contributors
 */
final class CatalogParser implements AutoCloseable {

	/**
	 * The most entries (models, aliases) a catalog may have: about 15 times LiteLLM's
	 * catalog. An entry kept takes about 400 bytes (a LiteLLM entry) to 750 (a
	 * genai-prices model with its rule), so the prices of a catalog take at most some 20
	 * to 40 MB.
	 */
	static final int MAX_ENTRIES = 50_000;

	/**
	 * The longest entry name read; longer names are skipped. Real names have under 80
	 * characters.
	 */
	static final int MAX_NAME_LENGTH = 256;

	/**
	 * The most bytes one entry may take in the document; larger entries are skipped. Read
	 * as a tree, an entry takes several times its size in memory.
	 */
	static final int MAX_ENTRY_SIZE = 64 * 1024;

	/**
	 * The deepest nesting of the document; real catalogs nest up to 10 deep
	 * (genai-prices' tiers and {@code and}/{@code or} clauses).
	 */
	static final int MAX_NESTING_DEPTH = 32;

	/**
	 * The longest number, in characters; real prices have under 30 (the longest are
	 * floating-point artifacts). It bounds the digits of a price, not its exponent:
	 * {@link dev.llmcost.pricing.TokenRates#rate} checks that.
	 */
	static final int MAX_NUMBER_LENGTH = 100;

	/**
	 * The longest string or property name, in characters; the longest in real catalogs
	 * are notes of under 600.
	 */
	static final int MAX_STRING_LENGTH = 64 * 1024;

	private static final JsonFactory FACTORY = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder()
			.maxNestingDepth(MAX_NESTING_DEPTH)
			.maxNumberLength(MAX_NUMBER_LENGTH)
			.maxStringLength(MAX_STRING_LENGTH)
			.maxNameLength(MAX_STRING_LENGTH)
			.build())
		.build();

	/**
	 * Why an entry with a name longer than {@link #MAX_NAME_LENGTH} is skipped.
	 */
	static final String NAME_TOO_LONG = "its name is longer than " + MAX_NAME_LENGTH + " characters";

	/**
	 * Why an entry larger than {@link #MAX_ENTRY_SIZE} is skipped.
	 */
	static final String ENTRY_TOO_LARGE = "it is larger than " + MAX_ENTRY_SIZE + " bytes";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final JsonParser parser;

	private final String source;

	private int entries;

	private long valueStart;

	private boolean valueTooLarge;

	private CatalogParser(JsonParser parser, String source) {
		this.parser = parser;
		this.source = source;
	}

	/**
	 * Start reading a document.
	 * @param in the document
	 * @param source where it comes from, for messages
	 * @return the parser, before the first token
	 */
	static CatalogParser open(InputStream in, String source) {
		return new CatalogParser(FACTORY.createParser(ObjectReadContext.empty(), in), source);
	}

	/**
	 * Move to the next token.
	 * @return the token, or {@code null} at the end of the document
	 */
	@Nullable JsonToken next() {
		return this.parser.nextToken();
	}

	/**
	 * Return the current token.
	 * @return the token, or {@code null} before the first or after the last
	 */
	@Nullable JsonToken token() {
		return this.parser.currentToken();
	}

	/**
	 * Return the name of the current property.
	 * @return the name
	 */
	String name() {
		return this.parser.currentName();
	}

	/**
	 * Describe the current token, for messages that must not repeat it.
	 * @return for example {@code a string} or {@code a list}
	 */
	String kind() {
		JsonToken token = token();
		if (token == null) {
			return "empty";
		}
		return switch (token) {
			case START_ARRAY -> "a list";
			case START_OBJECT -> "an object";
			case VALUE_STRING -> "a string";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			case VALUE_NULL -> "null";
			default -> token.name().toLowerCase(Locale.ROOT);
		};
	}

	/**
	 * Count one entry of the catalog.
	 * @throws IllegalArgumentException if the catalog has more than {@value #MAX_ENTRIES}
	 * entries
	 */
	void countEntry() {
		this.entries++;
		if (this.entries > MAX_ENTRIES) {
			throw new IllegalArgumentException("Price catalog " + this.source + " has more than " + MAX_ENTRIES
					+ " entries; it is refused rather than read in part");
		}
	}

	/**
	 * Read the entry at the current value, counting it: as a tree, unless its name is
	 * longer than {@value #MAX_NAME_LENGTH} characters or it takes more than
	 * {@value #MAX_ENTRY_SIZE} bytes, in which case it is skipped with a warning.
	 * @param name the entry's name
	 * @param entries where skipped entries are reported
	 * @return the entry, or {@code null} if skipped
	 * @throws IllegalArgumentException if the catalog has more than {@value #MAX_ENTRIES}
	 * entries
	 */
	@Nullable JsonNode readEntry(String name, CatalogEntries entries) {
		countEntry();
		if (isTooLong(name)) {
			skipValue();
			entries.skip(name, NAME_TOO_LONG);
			return null;
		}
		JsonNode entry = readValue();
		if (entry == null) {
			entries.skip(name, ENTRY_TOO_LARGE);
		}
		return entry;
	}

	/**
	 * Return whether a name is too long to be read.
	 * @param name the name
	 * @return {@code true} if it is longer than {@value #MAX_NAME_LENGTH} characters
	 */
	static boolean isTooLong(String name) {
		return name.length() > MAX_NAME_LENGTH;
	}

	/**
	 * Skip the current value, without reading it.
	 */
	void skipValue() {
		this.parser.skipChildren();
	}

	/**
	 * Read the current value as a tree; after it, the current token is its last.
	 * @return the value, or {@code null} if it takes more than {@value #MAX_ENTRY_SIZE}
	 * bytes (it is then read to its end, but not kept)
	 */
	@Nullable JsonNode readValue() {
		this.valueStart = offset(this.parser.currentTokenLocation());
		this.valueTooLarge = false;
		JsonNode value = value();
		return this.valueTooLarge ? null : value;
	}

	/**
	 * Read the value at the current token; once the value is too large, read on to its
	 * end without keeping anything.
	 */
	private @Nullable JsonNode value() {
		JsonToken token = this.parser.currentToken();
		if (offset(this.parser.currentLocation()) - this.valueStart > MAX_ENTRY_SIZE) {
			this.valueTooLarge = true;
		}
		if (token == JsonToken.START_OBJECT) {
			ObjectNode object = NODES.objectNode();
			while (this.parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = this.parser.currentName();
				this.parser.nextToken();
				JsonNode value = value();
				if (!this.valueTooLarge) {
					object.set(name, value);
				}
			}
			return object;
		}
		if (token == JsonToken.START_ARRAY) {
			ArrayNode array = NODES.arrayNode();
			while (this.parser.nextToken() != JsonToken.END_ARRAY) {
				JsonNode value = value();
				if (!this.valueTooLarge) {
					array.add(value);
				}
			}
			return array;
		}
		if (this.valueTooLarge) {
			return null;
		}
		return switch (this.parser.currentToken()) {
			case VALUE_STRING -> NODES.stringNode(this.parser.getString());
			// Prices must be read as decimals: 0.075 as a double is not 0.075.
			case VALUE_NUMBER_FLOAT -> NODES.numberNode(this.parser.getDecimalValue());
			case VALUE_NUMBER_INT -> switch (this.parser.getNumberType()) {
				case INT -> NODES.numberNode(this.parser.getIntValue());
				case LONG -> NODES.numberNode(this.parser.getLongValue());
				default -> NODES.numberNode(this.parser.getBigIntegerValue());
			};
			case VALUE_TRUE -> NODES.booleanNode(true);
			case VALUE_FALSE -> NODES.booleanNode(false);
			default -> NODES.nullNode();
		};
	}

	/**
	 * Return where the parser is in the document.
	 * @return the location
	 */
	TokenStreamLocation location() {
		return this.parser.currentLocation();
	}

	/**
	 * Check that nothing follows the catalog.
	 * @throws StreamReadException if something does
	 */
	void expectEnd() {
		if (this.parser.nextToken() != null) {
			throw new StreamReadException(this.parser, "content follows the catalog");
		}
	}

	private static long offset(TokenStreamLocation location) {
		long bytes = location.getByteOffset();
		return (bytes >= 0) ? bytes : location.getCharOffset();
	}

	@Override
	public void close() {
		this.parser.close();
	}

}
