package schema_test

// Test files are not part of the schema package.
var broken = 
