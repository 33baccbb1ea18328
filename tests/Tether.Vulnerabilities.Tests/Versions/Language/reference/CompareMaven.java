// Compares version pairs with maven-artifact's ComparableVersion.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.maven.artifact.versioning.ComparableVersion;

public class CompareMaven {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            String[] pair = line.split("\t", 2);
            int order = new ComparableVersion(pair[0]).compareTo(new ComparableVersion(pair[1]));
            out.println(order < 0 ? "<" : order > 0 ? ">" : "=");
        }
        out.flush();
    }
}
