// Command forge is Forge's command-line tool: it reads an app's schema
// package, generates its code and migrations, and applies them.
//
//	forge new --module PATH [--replace DIR] DIR
//	forge generate [-C DIR] [--schema DIR] [--importpath PATH] [--check | --ir]
//	forge scaffold [-C DIR]
//	forge migrate diff [-C DIR] [--allow-destructive] NAME
//	forge migrate up|status [-C DIR]
//	forge migrate down [-C DIR] [N]
//	forge token --user ID [--tenant ID] [--ttl D] [--config FILE]
//	forge version
//	forge help [COMMAND]
//
// Flags may come before, between or after the arguments; "--" ends them.
// migrate up, down and status cover River's migrations (first) and the
// app's (then). Exit codes: 0 success, 1 a problem in the user's input
// (reported on stderr, for schema files as file:line:col: message), 2 a
// usage error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/forge-framework/forge/runtime/buildinfo"
)

// Exit codes.
const (
	exitOK    = 0
	exitUser  = 1
	exitUsage = 2
)

// command is one subcommand of forge.
type command struct {
	name    string
	summary string
	usage   string // the arguments after the name
	// setup registers the command's flags on a fresh flag set and returns
	// the function that runs the command once they are parsed. A fresh set
	// per run keeps runs independent (the tests call run many times).
	setup func(fs *flag.FlagSet) func(args []string, stdout, stderr io.Writer) int
	// subcommands, when set, are the command's own commands, chosen by the
	// first argument (forge migrate up): each parses its flags and
	// arguments as a command does, and setup is not used.
	subcommands map[string]*command
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes forge with args (without the program name) and returns the
// exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return help(rest, stdout, stderr)
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "forge: unknown command %q\nRun 'forge help' for usage.\n", name)
		return exitUsage
	}
	return runCommand(c, "forge "+c.name, rest, stdout, stderr)
}

// runCommand runs c, named path ("forge migrate"), with args: its
// subcommand's, or its own once its flags are parsed. Every command parses
// this way, so flags go before, between or after the arguments alike.
func runCommand(c *command, path string, args []string, stdout, stderr io.Writer) int {
	if c.subcommands != nil {
		names := strings.Join(slices.Sorted(maps.Keys(c.subcommands)), ", ")
		if len(args) == 0 {
			fmt.Fprintf(stderr, "%s: which one: %s?\nusage: %s %s\n", path, names, path, c.usage)
			return exitUsage
		}
		sub, ok := c.subcommands[args[0]]
		if !ok {
			fmt.Fprintf(stderr, "%s: unknown subcommand %q: want one of %s\n", path, args[0], names)
			return exitUsage
		}
		return runCommand(sub, path+" "+sub.name, args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet(path, flag.ContinueOnError)
	fs.SetOutput(stderr)
	run := c.setup(fs)
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	return run(positional, stdout, stderr)
}

// parseInterspersed parses fs's flags wherever they are among args, so that
// "new DIR --module M" works as "new --module M DIR" does, and returns the
// other arguments in order. After "--" everything is an argument, so a
// name that starts with "-" can still be given.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		// fs.Parse stops at the first argument or after "--", which it drops.
		if len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, "Forge generates a Go web app's data layer, actions and handlers from its schema.\n\nUsage:\n\n\tforge <command> [arguments]\n\nCommands:\n\n")
	for _, name := range slices.Sorted(maps.Keys(commands)) {
		fmt.Fprintf(w, "\t%-10s %s\n", name, commands[name].summary)
	}
	fmt.Fprint(w, "\nRun 'forge help <command>' for more about a command.\n")
}

func help(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stdout)
		return exitOK
	}
	c, ok := commands[args[0]]
	if len(args) > 1 || !ok {
		fmt.Fprintf(stderr, "forge help: unknown command %q\n", strings.Join(args, " "))
		return exitUsage
	}
	fmt.Fprintf(stdout, "usage: forge %s %s\n\n%s.\n", c.name, c.usage, c.summary)
	if c.setup == nil {
		return exitOK
	}
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	c.setup(fs)
	if hasFlags(fs) {
		fmt.Fprint(stdout, "\nFlags:\n")
		fs.SetOutput(stdout)
		fs.PrintDefaults()
	}
	return exitOK
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

func init() {
	register(&command{
		name:    "version",
		summary: "print forge's version, commit and build date",
		setup: func(*flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			return func(args []string, stdout, stderr io.Writer) int {
				if len(args) > 0 {
					fmt.Fprintf(stderr, "forge version: unexpected arguments %s\n", strings.Join(args, " "))
					return exitUsage
				}
				fmt.Fprintf(stdout, "forge %s\ncommit %s\ndate   %s\ngo     %s %s/%s\n",
					buildinfo.Version, buildinfo.Commit, buildinfo.Date, runtime.Version(), runtime.GOOS, runtime.GOARCH)
				return exitOK
			}
		},
	})
}
