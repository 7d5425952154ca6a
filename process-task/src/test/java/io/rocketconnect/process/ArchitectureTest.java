package io.rocketconnect.process;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.Test;

/** The process task is a front end too: of ours it imports the API only; its engine-neutral package no engine. */
public class ArchitectureTest {

    private static final JavaClasses TASK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.rocketconnect.process");

    @Test
    public void ofOursTheTaskImportsTheApiOnly() {
        noClasses().should().dependOnClassesThat(resideInAPackage("io.rocketconnect..")
                .and(resideOutsideOfPackages("io.rocketconnect.api..", "io.rocketconnect.process..")))
                .check(TASK);
    }

    @Test
    public void theEngineNeutralStepKnowsNoEngine() {
        noClasses().that().resideInAPackage("io.rocketconnect.process").should().dependOnClassesThat()
                .resideInAPackage("org.flowable..").check(TASK);
    }
}
