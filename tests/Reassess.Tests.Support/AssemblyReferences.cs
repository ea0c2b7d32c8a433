using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Reassess.Tests.Support;

/// <summary>
/// What an assembly's compiled code refers to in other assemblies, read from its metadata: the types (as
/// <c>Namespace.Type</c>) and the members (as <c>Namespace.Type::Member</c>, constructors as <c>::.ctor</c>). The
/// architecture invariants are tests over these sets, so they see what the compiler emitted, whatever the source says.
/// </summary>
public static class AssemblyReferences
{
    /// <summary>Every type <paramref name="assembly"/> refers to in another assembly.</summary>
    public static IReadOnlySet<string> TypesOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var md = pe.GetMetadataReader();
        return md.TypeReferences.Select(h => Name(md, md.GetTypeReference(h))).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every member <paramref name="assembly"/> calls or reads on a type of another assembly, or constructs.</summary>
    public static IReadOnlySet<string> MembersOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var md = pe.GetMetadataReader();
        var members = new HashSet<string>(StringComparer.Ordinal);
        foreach (var h in md.MemberReferences)
        {
            var member = md.GetMemberReference(h);
            var parent = member.Parent.Kind switch
            {
                HandleKind.TypeReference => Name(md, md.GetTypeReference((TypeReferenceHandle)member.Parent)),
                HandleKind.TypeDefinition => Name(md, md.GetTypeDefinition((TypeDefinitionHandle)member.Parent)),
                _ => null,
            };
            if (parent is not null) members.Add(parent + "::" + md.GetString(member.Name));
        }
        // Constructors of the assembly's own types are method definitions, not references: callers in the same
        // assembly are found through the types it defines.
        return members;
    }

    /// <summary>
    /// Every method, constructor, property or field <paramref name="type"/>'s own code uses, as <c>Namespace.Type::Member</c>
    /// of the type that declares it, read from the IL of its methods and of the types nested in it (lambdas, async state
    /// machines). A call through a generic (<c>DbContext.Set&lt;T&gt;</c>) is named without its type arguments.
    /// </summary>
    public static IReadOnlySet<string> MembersUsedBy(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in new[] { type }.Concat(Nested(type)))
        {
            const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            foreach (var method in t.GetMethods(all).Cast<MethodBase>().Concat(t.GetConstructors(all)))
            {
                var il = method.GetMethodBody()?.GetILAsByteArray();
                if (il is null) continue;
                foreach (var token in MemberTokens(il))
                {
                    MemberInfo? member;
                    try { member = t.Module.ResolveMember(token, t.IsGenericType ? t.GetGenericArguments() : null, method.IsGenericMethod ? method.GetGenericArguments() : null); }
                    catch (ArgumentException) { continue; }
                    if (member?.DeclaringType is { } declaring)
                        used.Add((declaring.IsGenericType ? declaring.GetGenericTypeDefinition() : declaring).FullName + "::" + member.Name);
                }
            }
        }
        return used;
    }

    private static IEnumerable<Type> Nested(Type type) =>
        type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(n => new[] { n }.Concat(Nested(n)));

    // The operands of the opcodes that name a method or field (call, callvirt, newobj, ldftn, ld/stfld and the like),
    // found by walking the IL opcode by opcode so that no operand is misread as an opcode.
    private static IEnumerable<int> MemberTokens(byte[] il)
    {
        var i = 0;
        while (i < il.Length)
        {
            OpCode op;
            if (il[i] == 0xFE) { op = TwoByte[il[i + 1]]; i += 2; }
            else { op = OneByte[il[i]]; i += 1; }
            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok:
                    yield return BitConverter.ToInt32(il, i);
                    i += 4;
                    break;
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + (4 * BitConverter.ToInt32(il, i)); break;
                default: i += 4; break;
            }
        }
    }

    private static readonly OpCode[] OneByte = new OpCode[256];
    private static readonly OpCode[] TwoByte = new OpCode[256];

#pragma warning disable CA1810 // The two tables are filled from OpCodes' fields, which a field initialiser cannot do in one expression.
    static AssemblyReferences()
#pragma warning restore CA1810
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var op = (OpCode)field.GetValue(null)!;
            var value = (ushort)op.Value;
            if (op.Size == 1) OneByte[value] = op;
            else TwoByte[value & 0xFF] = op;
        }
    }

    private static string Name(MetadataReader md, TypeReference type) =>
        (type.Namespace.IsNil ? "" : md.GetString(type.Namespace) + ".") + md.GetString(type.Name);

    private static string Name(MetadataReader md, TypeDefinition type) =>
        (type.Namespace.IsNil ? "" : md.GetString(type.Namespace) + ".") + md.GetString(type.Name);
}
