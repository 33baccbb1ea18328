// Compares version pairs with golang.org/x/mod/semver; a version without a leading "v" gets one.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/semver"
)

func withV(v string) string {
	if strings.HasPrefix(v, "v") {
		return v
	}
	return "v" + v
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		line := in.Text()
		if line == "" {
			continue
		}
		pair := strings.SplitN(line, "\t", 2)
		a, b := withV(pair[0]), withV(pair[1])
		switch {
		case !semver.IsValid(a):
			fmt.Fprintln(out, "invalid-a")
		case !semver.IsValid(b):
			fmt.Fprintln(out, "invalid-b")
		default:
			fmt.Fprintln(out, [...]string{"<", "=", ">"}[semver.Compare(a, b)+1])
		}
	}
}
