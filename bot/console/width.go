package console

import (
	"io"
	"os"

	"golang.org/x/term"
)

// defaultWidth is the width a report is laid out to when the output is not
// a terminal (a pipe, a file), where no width can be asked for.
const defaultWidth = 100

// outputWidth is the width of the terminal w writes to, or defaultWidth
// when w is not a terminal. It is asked for at each report, so a resized
// window is followed.
func outputWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return defaultWidth
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil || width <= 0 {
		return defaultWidth
	}
	return width
}
