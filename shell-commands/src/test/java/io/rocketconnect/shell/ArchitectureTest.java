package io.rocketconnect.shell;

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

/**
 * The shell is a front end: of ours it imports the API only, so its rules (validation, the managed
 * lock) are the API's, the same for every front end; and it never touches ConfigurationAdmin itself.
 */
public class ArchitectureTest {

    private static final JavaClasses SHELL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.rocketconnect.shell");

    @Test
    public void ofOursTheShellImportsTheApiOnly() {
        assertHolds(noClasses().should().dependOnClassesThat(resideInAPackage("io.rocketconnect..")
                .and(resideOutsideOfPackages("io.rocketconnect.api..", "io.rocketconnect.shell.."))), SHELL);
    }

    @Test
    public void theShellNeverWritesConfigurationsItself() {
        assertHolds(noClasses().should().dependOnClassesThat().resideInAPackage("org.osgi.service.cm.."), SHELL);
    }

    /** Checks {@code rule} over {@code classes}, which must not be empty (a rule over nothing holds). */
    private static void assertHolds(ArchRule rule, JavaClasses classes) {
        assertFalse("classes to check", classes.isEmpty());
        EvaluationResult result = rule.evaluate(classes);
        assertFalse(result.getFailureReport().toString(), result.hasViolation());
    }
}
