package io.rocketconnect.process;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.Assert.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.Test;

/** The process task is a front end too: of ours it imports the API only; its engine-neutral package no engine. */
public class ArchitectureTest {

    private static final JavaClasses TASK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.rocketconnect.process");

    @Test
    public void ofOursTheTaskImportsTheApiOnly() {
        assertHolds(noClasses().should().dependOnClassesThat(resideInAPackage("io.rocketconnect..")
                .and(resideOutsideOfPackages("io.rocketconnect.api..", "io.rocketconnect.process.."))), TASK);
    }

    @Test
    public void theEngineNeutralStepKnowsNoEngine() {
        assertHolds(noClasses().that().resideInAPackage("io.rocketconnect.process").should().dependOnClassesThat()
                .resideInAPackage("org.flowable.."), TASK);
    }

    /** Checks {@code rule} over {@code classes}, which must not be empty (a rule over nothing holds). */
    private static void assertHolds(ArchRule rule, JavaClasses classes) {
        assertFalse("classes to check", classes.isEmpty());
        EvaluationResult result = rule.evaluate(classes);
        assertFalse(result.getFailureReport().toString(), result.hasViolation());
    }
}
