package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
)

// progress shows the stage of long work on a terminal, rewriting one line;
// to a file or pipe it writes one line per stage.
type progress struct {
	out      io.Writer
	terminal bool
	last     string
	shown    bool
}

func newProgress(f *os.File) *progress {
	info, err := f.Stat()
	return &progress{out: f, terminal: err == nil && info.Mode()&os.ModeCharDevice != 0}
}

func (p *progress) stage(s string) {
	if s == p.last {
		return
	}
	p.last, p.shown = s, true
	if p.terminal {
		fmt.Fprintf(p.out, "\r\033[K%s", s)
		return
	}
	fmt.Fprintln(p.out, s)
}

// done ends the progress line.
func (p *progress) done() {
	if p.terminal && p.shown {
		fmt.Fprint(p.out, "\r\033[K")
	}
}

// newQuietLogger logs warnings and errors only: the tools' own output says
// what happens.
func newQuietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}
