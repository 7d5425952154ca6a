package io.rocketconnect.process.flowable.engine;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.stream.Collectors;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.Deployment;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the BPMN files dropped into Karaf's deploy/ folder ({@code *.bpmn20.xml}, {@code *.bpmn}) to
 * the connector's Flowable engine, as Karaf deploys features and blueprint files from there. A changed
 * file deploys a new version of its processes; an unchanged one (at Karaf's restart, say) deploys
 * nothing, thanks to Flowable's duplicate filtering. Deleting the file leaves its processes deployed:
 * running instances still need their definitions.
 */
@Component(service = ArtifactInstaller.class)
public class BpmnDeployer implements ArtifactInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(BpmnDeployer.class);

    private final RepositoryService repository;

    @Activate
    public BpmnDeployer(@Reference(target = "(" + FlowableEngineComponent.ENGINE_NAME + "=*)") RepositoryService repository) {
        this.repository = repository;
    }

    @Override
    public boolean canHandle(File artifact) {
        String name = artifact.getName();
        return name.endsWith(".bpmn20.xml") || name.endsWith(".bpmn");
    }

    @Override
    public void install(File artifact) throws Exception {
        deploy(artifact);
    }

    @Override
    public void update(File artifact) throws Exception {
        deploy(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        LOG.info("{} was removed from deploy/; its processes stay deployed for the instances that run them", artifact.getName());
    }

    private void deploy(File artifact) throws IOException {
        Deployment deployment;
        try (InputStream bpmn = Files.newInputStream(artifact.toPath())) {
            // Flowable knows a BPMN resource by its name's suffix, the same two this deployer handles.
            deployment = repository.createDeployment().name(artifact.getName()).addInputStream(artifact.getName(), bpmn)
                    .enableDuplicateFiltering().deploy();
        } catch (RuntimeException e) {
            LOG.error("{} in deploy/ was not deployed: {}", artifact.getName(), e.getMessage());
            throw e;
        }
        String processes = repository.createProcessDefinitionQuery().deploymentId(deployment.getId()).list().stream()
                .map(definition -> definition.getKey() + " v" + definition.getVersion()).collect(Collectors.joining(", "));
        LOG.info("{} deployed from deploy/: {}", artifact.getName(), processes);
    }
}
