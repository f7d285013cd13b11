//go:build unix

package datalock

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestLockAndHeld(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if held, err := Held(path); err != nil || held {
		t.Fatalf("Held before any lock = %v, %v; want false (and no file created)", held, err)
	}
	if held, _ := Held(path); held {
		t.Fatal("Held created a file that then looks held")
	}
	release, err := Lock(path)
	if err != nil {
		t.Fatal(err)
	}
	if held, err := Held(path); err != nil || !held {
		t.Fatalf("Held while locked = %v, %v; want true", held, err)
	}
	if _, err := Lock(path); !errors.Is(err, ErrHeld) {
		t.Fatalf("second Lock = %v, want ErrHeld", err)
	}
	release()
	if held, err := Held(path); err != nil || held {
		t.Fatalf("Held after release = %v, %v; want false", held, err)
	}
}
