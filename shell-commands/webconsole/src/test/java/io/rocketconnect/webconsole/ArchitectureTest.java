package io.rocketconnect.webconsole;

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
 * The web console is a front end like the shell: of ours it imports the API only, and never
 * ConfigurationAdmin; its security package knows nothing of adapters, its API nothing of the console's
 * servlet.
 */
public class ArchitectureTest {

    private static final JavaClasses CONSOLE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.rocketconnect.webconsole");

    @Test
    public void ofOursTheConsoleImportsTheApiOnly() {
        assertHolds(noClasses().should().dependOnClassesThat(resideInAPackage("io.rocketconnect..")
                .and(resideOutsideOfPackages("io.rocketconnect.api..", "io.rocketconnect.webconsole.."))));
        assertHolds(noClasses().should().dependOnClassesThat().resideInAPackage("org.osgi.service.cm.."));
    }

    @Test
    public void securityKnowsNoAdapterAndTheApiNoServletOfTheConsole() {
        assertHolds(noClasses().that().resideInAPackage("..webconsole.security..").should().dependOnClassesThat()
                .resideInAnyPackage("io.rocketconnect.api..", "..webconsole.api.."));
        assertHolds(noClasses().that().resideInAPackage("..webconsole.api..").should().dependOnClassesThat()
                .resideInAPackage("org.apache.felix.webconsole.."));
    }

    private static void assertHolds(ArchRule rule) {
        assertFalse("classes to check", CONSOLE.isEmpty());
        EvaluationResult result = rule.evaluate(CONSOLE);
        assertFalse(result.getFailureReport().toString(), result.hasViolation());
    }
}
