package models

const x = 1
