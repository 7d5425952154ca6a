package io.rocketconnect.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.Assert.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.Test;

/**
 * The API bundle imports nothing of ours: only the JDK, the RocketMQ client types it hands out and
 * the OSGi annotations that version it. So an application compiled against it sees no implementation.
 */
public class ArchitectureTest {

    private static final JavaClasses API = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.rocketconnect.api");

    @Test
    public void apiDependsOnNothingOfOursButItself() {
        assertHolds(classes().should().onlyDependOnClassesThat().resideInAnyPackage("io.rocketconnect.api..", "java..",
                "org.apache.rocketmq..", "org.osgi.annotation.."), API);
    }

    /** Checks {@code rule} over {@code classes}, which must not be empty (a rule over nothing holds). */
    private static void assertHolds(ArchRule rule, JavaClasses classes) {
        assertFalse("classes to check", classes.isEmpty());
        EvaluationResult result = rule.evaluate(classes);
        assertFalse(result.getFailureReport().toString(), result.hasViolation());
    }
}
