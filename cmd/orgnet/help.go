package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"
)

// usage is orgnet's own help: its commands, and where the settings are.
func usage() string {
	var b strings.Builder
	b.WriteString("usage: orgnet <command> [flags]\n\ncommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-8s  %s\n", c.name, c.summary)
	}
	b.WriteString("\n`orgnet <command> --help` lists a command's flags and the settings (environment\n" +
		"variables) it reads; `orgnet serve --help` lists them all. docs/configuration.md\n" +
		"describes every setting.\n")
	return b.String()
}

// usageHint is the command's usage line and where to read more.
func (c command) usageHint() string {
	return fmt.Sprintf("usage: orgnet %s\n`orgnet %s --help` describes its flags and settings.\n",
		strings.TrimSpace(c.name+" "+c.synopsis), c.name)
}

// help is the command's --help: what it does, its flags, and every setting
// it reads with its type, default and the flag that overrides it.
func (c command) help(fs *flag.FlagSet) string {
	var b strings.Builder
	fmt.Fprintf(&b, "usage: orgnet %s\n\n%s\n", strings.TrimSpace(c.name+" "+c.synopsis), c.about)
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			b.WriteString("\nflags:\n")
			first = false
		}
		if s, ok := f.Value.(*settingFlag); ok {
			fmt.Fprintf(&b, "  --%s %s\n    \t%s (overrides %s)\n", f.Name, s.value.kind.name, s.about, s.name)
			return
		}
		name, usage := flag.UnquoteUsage(f)
		fmt.Fprintf(&b, "  --%s %s\n    \t%s", f.Name, name, usage)
		if f.DefValue != "" {
			fmt.Fprintf(&b, " (default %s)", f.DefValue)
		}
		b.WriteString("\n")
	})
	var rows []setting
	for _, s := range settings {
		if s.usedBy&c.bit != 0 {
			rows = append(rows, s)
		}
	}
	if len(rows) == 0 {
		b.WriteString("\nIt reads no settings from the environment.\n")
		return b.String()
	}
	b.WriteString("\nsettings (environment variables; an empty one counts as unset):\n")
	for _, s := range rows {
		fmt.Fprintf(&b, "  %s  %s; %s", s.name, s.value.kind.name, s.defaultText(false))
		if s.flagIn&c.bit != 0 {
			fmt.Fprintf(&b, "; flag --%s wins", s.flag)
		}
		fmt.Fprintf(&b, "\n    \t%s\n", s.about)
	}
	return b.String()
}

// configurationMarkdown is docs/configuration.md: the settings table, and
// what a value of each type looks like.
func configurationMarkdown() string {
	var b strings.Builder
	b.WriteString(`# Configuration

<!-- Generated from the settings table in cmd/orgnet/config.go by
     go generate ./cmd/orgnet; edit that table, not this file. -->

orgnet reads every setting once, when a command starts: from the
environment, and from the flags of the commands that have them, a flag
winning over its variable. An empty variable counts as unset. A bad value
stops the command before it does anything, with an error that names the
variable (or flag) and the value. ` + "`orgnet <command> --help`" + ` lists the
settings that command reads.

| variable | default | type | read by | what it sets |
|---|---|---|---|---|
`)
	var kinds []kind
	for _, s := range settings {
		var readers []string
		for _, c := range commands {
			if s.usedBy&c.bit == 0 {
				continue
			}
			if s.flagIn&c.bit != 0 {
				readers = append(readers, fmt.Sprintf("%s (`--%s`)", c.name, s.flag))
			} else {
				readers = append(readers, c.name)
			}
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", s.name, s.defaultText(true), s.value.kind.name, strings.Join(readers, ", "), s.about)
		if !slices.Contains(kinds, s.value.kind) {
			kinds = append(kinds, s.value.kind)
		}
	}
	b.WriteString("\n## Types\n\n| type | a valid value |\n|---|---|\n")
	for _, k := range kinds {
		fmt.Fprintf(&b, "| %s | %s |\n", k.name, k.want)
	}
	return b.String()
}
