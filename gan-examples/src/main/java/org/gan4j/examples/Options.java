package org.gan4j.examples;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Minimal {@code --name value} / {@code --flag} command-line parsing with clear errors. */
final class Options {

    private final Map<String, String> values;
    private final Set<String> flags;

    private Options(Map<String, String> values, Set<String> flags) {
        this.values = values;
        this.flags = flags;
    }

    static Options parse(String[] args, Map<String, String> defaults, List<String> flagNames) {
        Map<String, String> v = new HashMap<>(defaults);
        Set<String> f = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'; options: " + defaults.keySet()
                        + " flags: " + flagNames);
            }
            String name = a.substring(2);
            if (flagNames.contains(name)) {
                f.add(name);
            } else if (defaults.containsKey(name)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option --" + name + " needs a value");
                }
                v.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option --" + name + "; options: " + defaults.keySet()
                        + " flags: " + flagNames);
            }
        }
        return new Options(v, f);
    }

    String get(String name) {
        return values.get(name);
    }

    int integer(String name) {
        try {
            return Integer.parseInt(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " must be an integer, got '" + values.get(name)
                    + "'");
        }
    }

    boolean flag(String name) {
        return flags.contains(name);
    }
}
