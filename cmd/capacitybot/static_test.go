package main

import (
	"debug/buildinfo"
	"debug/elf"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/internal/testworld"
)

// TestDockerBuildIsStatic builds the binary as the Dockerfile does and
// checks it runs on a distroless static image: no program interpreter, no
// dynamic section, built without cgo, trimmed and stripped. It is the one
// test that builds with the Dockerfile's settings, slow on a cold cache,
// which is why -short skips it; `go test ./...` (CI) runs it.
func TestDockerBuildIsStatic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole module again with the Dockerfile's settings")
	}
	bin, took, err := testworld.BuildDockerBinary(t.TempDir())
	if err != nil {
		t.Fatalf("building as the Dockerfile does: %v", err)
	}
	t.Logf("built %s in %s", bin, took.Round(time.Millisecond))
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatalf("opening %s as ELF: %v", bin, err)
	}
	defer func() { _ = f.Close() }()
	for _, prog := range f.Progs {
		if prog.Type == elf.PT_INTERP || prog.Type == elf.PT_DYNAMIC {
			t.Errorf("program header %v present: the binary is dynamically linked", prog.Type)
		}
	}
	for _, name := range []string{".interp", ".dynamic"} {
		if f.Section(name) != nil {
			t.Errorf("section %s present: the binary is dynamically linked", name)
		}
	}
	if libs, err := f.ImportedLibraries(); err != nil {
		t.Errorf("reading imported libraries: %v", err)
	} else if len(libs) > 0 {
		t.Errorf("the binary needs shared libraries %v", libs)
	}

	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatalf("reading the build info: %v", err)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if settings["CGO_ENABLED"] != "0" {
		t.Errorf("built with CGO_ENABLED=%q, want 0", settings["CGO_ENABLED"])
	}
	if settings["-trimpath"] != "true" {
		t.Errorf("built without -trimpath (settings %v)", settings)
	}
	// With -trimpath the build info leaves -ldflags out: check its effect.
	// -s drops the symbol table, -w the DWARF sections.
	for _, sec := range f.Sections {
		if sec.Name == ".symtab" || strings.HasPrefix(sec.Name, ".debug_") || strings.HasPrefix(sec.Name, ".zdebug_") {
			t.Errorf("section %s present: not built with -ldflags=\"-s -w\"", sec.Name)
		}
	}

	st, err := os.Stat(bin)
	if err != nil {
		t.Fatalf("stat %s: %v", bin, err)
	}
	t.Logf("static binary: %.1f MiB (%d bytes), %s, %s", float64(st.Size())/(1<<20), st.Size(), info.GoVersion, info.Main.Path)
}
