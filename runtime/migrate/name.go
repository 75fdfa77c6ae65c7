package migrate

import (
	"fmt"
	"regexp"
	"strconv"
)

// The rule for migration file names lives here alone. Load applies it at
// the app's start; forge migrate diff (forge/migration) names the files it
// writes with Stem and reads the directory it adds to with Load and
// ParseStem, so it never writes or accepts a file the app would refuse.

// stemRE is the form of a migration file's name without ".up.sql" or
// ".down.sql": the version and the name.
var stemRE = regexp.MustCompile(`^([0-9]{4,})_([A-Za-z0-9_]+)$`)

// expectedForm is what error messages tell the user to name files.
const expectedForm = "NNNN_name.up.sql or NNNN_name.down.sql " +
	"(NNNN: the version, at least 4 digits; name: letters, digits and underscores)"

// Stem returns the file name of the migration version name without its
// ".up.sql" or ".down.sql", such as "0001_init": the version padded to four
// digits, an underscore, the name. It does not check name: ParseStem does.
func Stem(version int64, name string) string {
	return fmt.Sprintf("%04d_%s", version, name)
}

// ParseStem splits stem, a migration file's name without ".up.sql" or
// ".down.sql", into its version and name, and reports whether stem follows
// the rule: a version of at least four digits that fits an int64, an
// underscore, and a name of ASCII letters, digits and underscores.
func ParseStem(stem string) (version int64, name string, ok bool) {
	m := stemRE.FindStringSubmatch(stem)
	if m == nil {
		return 0, "", false
	}
	version, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return 0, "", false
	}
	return version, m[2], true
}
