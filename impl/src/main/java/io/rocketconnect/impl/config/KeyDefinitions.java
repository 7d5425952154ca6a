package io.rocketconnect.impl.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import io.rocketconnect.api.config.KeyDefinition;

/**
 * The keys one {@code @ObjectClassDefinition} declares, read from the metatype XML that bnd writes for
 * it into {@code OSGI-INF/metatype/}. The annotation stays the one place where a key's name, type,
 * default, range and description are written; validation, the service that front ends call and the
 * README test all read them from here, as the Web Console's form does through the MetaType service.
 */
public final class KeyDefinitions {

    /** Hints for the Web Console, not keys of the configuration. */
    private static final String WEBCONSOLE_HINT = "webconsole.";

    private final Map<String, KeyDefinition> keys;
    private final List<KeyDefinition> all;

    private KeyDefinitions(Map<String, KeyDefinition> keys) {
        this.keys = Collections.unmodifiableMap(keys);
        this.all = List.copyOf(keys.values());
    }

    /** The keys of {@code ocd}, an interface annotated with {@code @ObjectClassDefinition}. */
    public static KeyDefinitions of(Class<?> ocd) {
        String resource = "/OSGI-INF/metatype/" + ocd.getName() + ".xml";
        try (InputStream xml = ocd.getResourceAsStream(resource)) {
            if (xml == null) {
                throw new IllegalStateException(resource + " is missing: bnd writes it from " + ocd.getName()
                        + " when the module is built");
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            NodeList attributes = factory.newDocumentBuilder().parse(xml).getElementsByTagName("AD");
            Map<String, KeyDefinition> keys = new LinkedHashMap<>();
            for (int i = 0; i < attributes.getLength(); i++) {
                KeyDefinition key = definition((Element) attributes.item(i));
                if (!key.key().startsWith(WEBCONSOLE_HINT)) {
                    keys.put(key.key(), key);
                }
            }
            return new KeyDefinitions(keys);
        } catch (IOException | ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e, e);
        }
    }

    private static KeyDefinition definition(Element ad) {
        List<String> options = new ArrayList<>();
        NodeList optionElements = ad.getElementsByTagName("Option");
        for (int i = 0; i < optionElements.getLength(); i++) {
            options.add(((Element) optionElements.item(i)).getAttribute("value"));
        }
        // A missing "required" means true (metatype 1.2); a default backslash-escapes what metatype splits on.
        return new KeyDefinition(ad.getAttribute("id"), ad.getAttribute("name"), ad.getAttribute("description"),
                ad.getAttribute("type"), unescape(attribute(ad, "default")), attribute(ad, "min"), attribute(ad, "max"),
                options, !"false".equals(ad.getAttribute("required")));
    }

    private static String attribute(Element element, String name) {
        return element.hasAttribute(name) ? element.getAttribute(name) : null;
    }

    private static String unescape(String value) {
        return value == null ? null : value.replaceAll("\\\\(.)", "$1");
    }

    /** Every key, in the order the annotation declares them. */
    public List<KeyDefinition> all() {
        return all;
    }

    public boolean has(String key) {
        return keys.containsKey(key);
    }

    /** @throws IllegalArgumentException if {@code key} is not one of them */
    public KeyDefinition get(String key) {
        KeyDefinition definition = keys.get(key);
        if (definition == null) {
            throw new IllegalArgumentException("no key " + key);
        }
        return definition;
    }
}
