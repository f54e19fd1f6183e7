package dev.llmcost.springai;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.ai.chat.model.StreamingChatModel;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * Proxies the application's streaming chat models so that streams made on them directly
 * are priced with the usage the provider sent (see {@link ChatModelStreamInterceptor}).
 * Only their {@code stream} methods are intercepted; the proxy subclasses the model's
 * class, so the bean keeps its type. Final classes are left alone.
 *
 * @author llm-cost contributors
 */
public class ChatModelStreamBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private static final Log logger = LogFactory.getLog(ChatModelStreamBeanPostProcessor.class);

	/**
	 * Create a post-processor.
	 */
	public ChatModelStreamBeanPostProcessor() {
		setProxyTargetClass(true);
		this.advisor = new DefaultPointcutAdvisor(new StreamMethods(), new ChatModelStreamInterceptor());
	}

	/**
	 * A model that cannot be proxied (a mock's generated class, say) keeps working
	 * unproxied: its direct streams are priced from Spring AI's aggregate.
	 */
	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		try {
			return super.postProcessAfterInitialization(bean, beanName);
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Could not proxy chat model '" + beanName + "' to keep the usage of its streams", ex);
			return bean;
		}
	}

	@Override
	protected boolean isEligible(Class<?> targetClass) {
		return StreamingChatModel.class.isAssignableFrom(targetClass) && !Modifier.isFinal(targetClass.getModifiers())
				&& super.isEligible(targetClass);
	}

	/**
	 * The {@code stream} methods of {@link StreamingChatModel}, as implemented by a
	 * model.
	 */
	private static final class StreamMethods extends StaticMethodMatcherPointcut {

		StreamMethods() {
			setClassFilter(ClassFilter.TRUE);
		}

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			if (!"stream".equals(method.getName()) || method.getParameterCount() != 1
					|| !StreamingChatModel.class.isAssignableFrom(targetClass)) {
				return false;
			}
			try {
				StreamingChatModel.class.getMethod("stream", method.getParameterTypes());
				return true;
			}
			catch (NoSuchMethodException ex) {
				return false;
			}
		}

	}

}
