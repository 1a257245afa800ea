global using Xunit;
global using Goldstone.Schema.Protocol;
