package io.rocketconnect.process.flowable.engine;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The classes and resources of Flowable's bundles and MyBatis, seen as one class path. Flowable loads
 * its SQL scripts and MyBatis mapping files by name from whichever jar holds them, and MyBatis loads
 * entity classes by name; in OSGi each bundle sees only what it imports, so the engine is given this
 * class loader (and it is the context class loader while the engine is built).
 */
final class FlowableBundlesClassLoader extends ClassLoader {

    private final List<Bundle> bundles = new ArrayList<>();

    FlowableBundlesClassLoader(BundleContext context, ClassLoader parent) {
        super(parent);
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name != null && (name.startsWith("org.flowable.") || name.equals("org.mybatis.mybatis"))) {
                bundles.add(bundle);
            }
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (Bundle bundle : bundles) {
            try {
                return bundle.loadClass(name);
            } catch (ClassNotFoundException | IllegalStateException notThere) {
                // try the next bundle
            }
        }
        throw new ClassNotFoundException(name + " is in no Flowable bundle");
    }

    @Override
    protected URL findResource(String name) {
        for (Bundle bundle : bundles) {
            URL url = bundle.getResource(name);
            if (url != null) {
                return url;
            }
        }
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (Bundle bundle : bundles) {
            Enumeration<URL> found = bundle.getResources(name);
            if (found != null) {
                urls.addAll(Collections.list(found));
            }
        }
        return Collections.enumeration(urls);
    }
}
