using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Reassess.Records;

namespace Reassess.Storage;

/// <summary>Stores an enum as its spec token (<c>position_of_trust</c>).</summary>
public sealed class TokenConverter<TEnum>() : ValueConverter<TEnum, string>(v => Token.Of(v), s => Token.Parse<TEnum>(s))
    where TEnum : struct, Enum;

/// <summary>snake_case table, column, key and index names, so hand-written SQL (bulk import, reports) reads naturally on both engines.</summary>
internal static class SnakeCaseNames
{
    public static void Apply(ModelBuilder builder)
    {
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is not null && !table.Contains('_', StringComparison.Ordinal)) entity.SetTableName(Snake(table));
            foreach (var property in entity.GetProperties())
                property.SetColumnName(Snake(property.Name));
            foreach (var key in entity.GetKeys())
                key.SetName(Snake(key.GetName() ?? ""));
            foreach (var fk in entity.GetForeignKeys())
                fk.SetConstraintName(Snake(fk.GetConstraintName() ?? ""));
            foreach (var index in entity.GetIndexes())
                index.SetDatabaseName(Snake(index.GetDatabaseName() ?? ""));
        }
    }

    private static string Snake(string name)
    {
        name = name.Replace("AspNet", "", StringComparison.Ordinal);
        // EF's prefixes (IX_, PK_, FK_, AK_) are acronyms, not words: ix_people_force, not i_x_people_force.
        if (name.Length > 3 && name[2] == '_' && char.IsUpper(name[0]) && char.IsUpper(name[1]))
            name = string.Concat(name[..2].ToLowerInvariant(), name.AsSpan(2));
        return Token.SnakeCase(name).Replace("__", "_", StringComparison.Ordinal);
    }
}
