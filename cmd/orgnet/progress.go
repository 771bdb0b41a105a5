package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
)

// progress shows the stage of long work on a terminal, rewriting one line
// with the counts; to a file or pipe it writes one line per stage.
type progress struct {
	out       io.Writer
	terminal  bool
	lastStage string
	shown     bool
}

func newProgress(f *os.File) *progress {
	info, err := f.Stat()
	return &progress{out: f, terminal: err == nil && info.Mode()&os.ModeCharDevice != 0}
}

// stage shows a stage and, on a terminal, how far it is (detail).
func (p *progress) stage(stage, detail string) {
	if p.terminal {
		p.shown = true
		fmt.Fprintf(p.out, "\r\033[K%s %s", stage, detail)
	} else if stage != p.lastStage {
		fmt.Fprintln(p.out, stage)
	}
	p.lastStage = stage
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
