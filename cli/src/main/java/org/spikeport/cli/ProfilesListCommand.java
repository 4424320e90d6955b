package org.spikeport.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spikeport.core.json.Json;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code spikeport profiles list}: the bundled profiles, one line each. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "List the bundled hardware profiles: name, arithmetic and description.")
public final class ProfilesListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        List<HardwareProfile> profiles = new ArrayList<>();
        for (String name : HardwareProfiles.bundledNames()) {
            profiles.add(HardwareProfiles.bundled(name));
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json.enabled()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (HardwareProfile p : profiles) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", p.name());
                m.put("arithmetic", p.arithmetic());
                m.put("description", p.description());
                list.add(m);
            }
            o.println(Json.write(list));
        } else {
            int width = profiles.stream().mapToInt(p -> p.name().length()).max().orElse(4);
            int aWidth = profiles.stream().mapToInt(p -> p.arithmetic().length()).max().orElse(10);
            for (HardwareProfile p : profiles) {
                o.print(String.format(Locale.ROOT, "%-" + width + "s  %-" + aWidth + "s  %s%n",
                        p.name(), p.arithmetic(), p.description()));
            }
        }
        o.flush();
        return 0;
    }
}
