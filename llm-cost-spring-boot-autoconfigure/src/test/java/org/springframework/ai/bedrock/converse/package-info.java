/**
 * Stand-ins for Spring AI's {@code spring-ai-bedrock-converse} module, which the Maven
 * repository these tests build from does not serve for Spring AI 2.0.x. They live in the
 * module's package because the starter recognises a call's provider by the package of its
 * chat options.
 */
@NullMarked
package org.springframework.ai.bedrock.converse;

import org.jspecify.annotations.NullMarked;
