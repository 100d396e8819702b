package io.openova.catalyst.api.blueprint;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the Kubernetes quantities the catalog uses: memory in Ki/Mi/Gi/Ti, CPU in cores or millicores. */
public final class Quantities {
    private static final Pattern MEMORY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti)");
    private static final Pattern CPU = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(m?)");
    private static final Map<String, Long> BINARY =
            Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "Ti", 1L << 40);

    private Quantities() {}

    /** {@code 512Mi} → 536870912. */
    public static long parseBytes(String quantity) {
        Matcher m = MEMORY.matcher(quantity);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + quantity + "' is not a memory quantity such as 512Mi or 2Gi");
        }
        return new BigDecimal(m.group(1))
                .multiply(BigDecimal.valueOf(BINARY.get(m.group(2))))
                .longValueExact();
    }

    /** {@code 250m} → 250, {@code 2} → 2000, {@code 0.5} → 500. */
    public static long parseMilliCpu(String quantity) {
        Matcher m = CPU.matcher(quantity);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + quantity + "' is not a CPU quantity such as 500m or 2");
        }
        BigDecimal value = new BigDecimal(m.group(1));
        return (m.group(2).isEmpty() ? value.movePointRight(3) : value)
                .setScale(0, java.math.RoundingMode.CEILING)
                .longValueExact();
    }
}
