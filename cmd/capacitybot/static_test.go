package main

import (
	"debug/buildinfo"
	"debug/elf"
	"os"
	"testing"
)

// TestBinaryIsStatic checks the binary the Dockerfile ships runs on a
// distroless static image: no program interpreter, no dynamic section, built
// without cgo.
func TestBinaryIsStatic(t *testing.T) {
	f, err := elf.Open(builtBinary)
	if err != nil {
		t.Fatalf("opening %s as ELF: %v", builtBinary, err)
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

	info, err := buildinfo.ReadFile(builtBinary)
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

	st, err := os.Stat(builtBinary)
	if err != nil {
		t.Fatalf("stat %s: %v", builtBinary, err)
	}
	t.Logf("static binary: %.1f MiB (%d bytes), %s, %s", float64(st.Size())/(1<<20), st.Size(), info.GoVersion, info.Main.Path)
}
