package io.rocketconnect.impl;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.Assert.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.Test;

/**
 * The packages of impl, as its README draws them: the adapter uses its clients (remoting or gRPC), the call pipeline,
 * monitoring and configuration; the clients use the call pipeline; the call pipeline records into
 * monitoring; everything reads configuration. Nothing points back up, and no package cycle exists.
 */
public class ArchitectureTest {

    private static final JavaClasses IMPL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.rocketconnect.impl");

    @Test
    public void layersPointDownOnly() {
        ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("adapter").definedBy("io.rocketconnect.impl.adapter..")
                .layer("client").definedBy("io.rocketconnect.impl.client..")
                .layer("grpc").definedBy("io.rocketconnect.impl.grpc..")
                .layer("call").definedBy("io.rocketconnect.impl.call..")
                .layer("monitoring").definedBy("io.rocketconnect.impl.monitoring..")
                .layer("telemetry").definedBy("io.rocketconnect.impl.telemetry..")
                .layer("config").definedBy("io.rocketconnect.impl.config..")
                .whereLayer("adapter").mayNotBeAccessedByAnyLayer()
                .whereLayer("client").mayOnlyBeAccessedByLayers("adapter")
                .whereLayer("grpc").mayOnlyBeAccessedByLayers("adapter")
                .whereLayer("call").mayOnlyBeAccessedByLayers("adapter", "client", "grpc")
                .whereLayer("monitoring").mayOnlyBeAccessedByLayers("adapter", "call")
                .whereLayer("telemetry").mayOnlyBeAccessedByLayers("adapter", "client", "grpc", "call")
                .whereLayer("config").mayOnlyBeAccessedByLayers("adapter", "client", "grpc", "call", "monitoring");
        assertHolds(layers, IMPL);
    }

    @Test
    public void noPackageCycles() {
        assertHolds(slices().matching("io.rocketconnect.impl.(*)..").should().beFreeOfCycles(), IMPL);
    }

    @Test
    public void everyClassLivesInAConcernsPackage() {
        assertHolds(classes().should().resideInAnyPackage("io.rocketconnect.impl.adapter", "io.rocketconnect.impl.client", "io.rocketconnect.impl.grpc",
                "io.rocketconnect.impl.call", "io.rocketconnect.impl.monitoring", "io.rocketconnect.impl.telemetry",
                "io.rocketconnect.impl.config"), IMPL);
    }

    /** Checks {@code rule} over {@code classes}, which must not be empty (a rule over nothing holds). */
    private static void assertHolds(ArchRule rule, JavaClasses classes) {
        assertFalse("classes to check", classes.isEmpty());
        EvaluationResult result = rule.evaluate(classes);
        assertFalse(result.getFailureReport().toString(), result.hasViolation());
    }
}
