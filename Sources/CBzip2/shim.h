#include <stdio.h>  // bzlib.h needs FILE declared first
#include <bzlib.h>
