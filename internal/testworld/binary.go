package testworld

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// binaryPackage is the product's main package.
const binaryPackage = "github.com/capacitybot/capacitybot/cmd/capacitybot"

// The Dockerfile's build settings: a static, trimmed, stripped binary.
var (
	dockerEnv   = []string{"CGO_ENABLED=0"}
	dockerFlags = []string{"-trimpath", "-ldflags=-s -w"}
)

// testLinkFlags strip the binary the tests run. Linker flags change only
// the link, not the packages' cache keys, and skipping the symbol table and
// DWARF makes the link of this 200 MiB binary about a third quicker.
const testLinkFlags = "-ldflags=-s -w"

// BuildBinary builds cmd/capacitybot into dir and returns its path and how
// long the build took. Every package is built with the test build's own
// settings (same tags, the caller's CGO_ENABLED, no -trimpath), so each
// comes from the cache `go test` just filled and only the link runs. flags
// (such as -tags) go before the package. It must run inside the module (a
// test's working folder is its package's).
func BuildBinary(dir string, flags ...string) (path string, took time.Duration, err error) {
	return build(dir, nil, append([]string{testLinkFlags}, flags...))
}

// BuildDockerBinary builds cmd/capacitybot into dir as the Dockerfile does.
// Those settings change every package's build, so on a cold cache this
// compiles the whole module and the Temporal server again: minutes.
func BuildDockerBinary(dir string) (path string, took time.Duration, err error) {
	return build(dir, dockerEnv, dockerFlags)
}

func build(dir string, env, flags []string) (path string, took time.Duration, err error) {
	path = filepath.Join(dir, "capacitybot")
	args := append(append([]string{"build", "-o", path}, flags...), binaryPackage)
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), env...)
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", 0, fmt.Errorf("%v go %v: %w\n%s", env, args, err, out)
	}
	return path, time.Since(start), nil
}
