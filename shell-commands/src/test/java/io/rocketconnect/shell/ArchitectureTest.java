package io.rocketconnect.shell;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
        noClasses().should().dependOnClassesThat(resideInAPackage("io.rocketconnect..")
                .and(resideOutsideOfPackages("io.rocketconnect.api..", "io.rocketconnect.shell..")))
                .check(SHELL);
    }

    @Test
    public void theShellNeverWritesConfigurationsItself() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.osgi.service.cm..").check(SHELL);
    }
}
