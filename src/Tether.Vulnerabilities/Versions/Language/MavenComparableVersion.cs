using System.Globalization;
using System.Text;

namespace Tether.Vulnerabilities.Versions.Language;

/// <summary>
/// A port of the ordering of maven-artifact 3.8.x <c>org.apache.maven.artifact.versioning.ComparableVersion</c>
/// (written from its documented behaviour and the 3.8.7 bytecode Debian ships, not copied). The version is
/// lower-cased and split into items at <c>.</c>, <c>-</c> and digit/letter transitions; <c>-</c> and
/// transitions open a nested list, and so does a trailing qualifier after a dot (<c>1.0.RC1</c> reads as
/// <c>1.0-RC-1</c>); trailing null items (0, release qualifier, empty list) are trimmed from each list.
/// Qualifier order: alpha (a) &lt; beta (b) &lt; milestone (m) &lt; rc (cr) &lt; snapshot &lt; release
/// (ga, final, release, "") &lt; sp &lt; anything else, in lexical order.
/// Java details kept: <c>Character.isDigit</c> is Unicode's decimal digit class and numbers use the
/// digits' values; numbers are typed int/long/big by their length after stripping ASCII zeros, and
/// numbers of different types compare by type as Maven does. One approximation: Java's
/// <c>toLowerCase</c> applies full case mapping (final sigma); this uses simple case mapping, except
/// for U+0130, which lower-cases to two characters in both.
/// </summary>
internal sealed class MavenComparableVersion
{
    private readonly ListItem items;

    private MavenComparableVersion(ListItem items) => this.items = items;

    public int CompareTo(MavenComparableVersion other) => Math.Sign(items.CompareTo(other.items));

    public static MavenComparableVersion Parse(string version)
    {
        var text = LowerCase(version);
        var items = new ListItem();
        var list = items;
        var stack = new Stack<ListItem>();
        stack.Push(list);
        var isDigit = false;
        var startIndex = 0;

        void Nest()
        {
            var child = new ListItem();
            list.Add(child);
            list = child;
            stack.Push(child);
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.')
            {
                list.Add(i == startIndex ? NumberItem.Zero : ParseItem(isDigit, text[startIndex..i]));
                startIndex = i + 1;
            }
            else if (c == '-')
            {
                list.Add(i == startIndex ? NumberItem.Zero : ParseItem(isDigit, text[startIndex..i]));
                startIndex = i + 1;
                Nest();
            }
            else if (char.IsDigit(c))
            {
                if (!isDigit && i > startIndex)
                {
                    // A qualifier directly followed by digits ("rc1") sits in its own list after a dot.
                    if (list.Count > 0)
                    {
                        Nest();
                    }

                    list.Add(new StringItem(text[startIndex..i], followedByDigit: true));
                    startIndex = i;
                    Nest();
                }

                isDigit = true;
            }
            else
            {
                if (isDigit && i > startIndex)
                {
                    list.Add(ParseItem(isDigit: true, text[startIndex..i]));
                    startIndex = i;
                    Nest();
                }

                isDigit = false;
            }
        }

        if (text.Length > startIndex)
        {
            // A trailing qualifier after a dot is read as after a hyphen: 1.0.0.X1 < 1.0.0-X2.
            if (!isDigit && list.Count > 0)
            {
                Nest();
            }

            list.Add(ParseItem(isDigit, text[startIndex..]));
        }

        while (stack.Count > 0)
        {
            stack.Pop().Normalize();
        }

        return new MavenComparableVersion(items);
    }

    private static Item ParseItem(bool isDigit, string buffer) =>
        isDigit ? NumberItem.Parse(buffer) : new StringItem(buffer, followedByDigit: false);

    // String.toLowerCase(Locale.ENGLISH), simple mapping plus İ → i̇ (see the class comment).
    private static string LowerCase(string version)
    {
        if (!version.Contains('\u0130', StringComparison.Ordinal))
        {
            return version.ToLowerInvariant();
        }

        var builder = new StringBuilder(version.Length + 4);
        foreach (var c in version)
        {
            builder.Append(c == '\u0130' ? "i\u0307" : char.ToLowerInvariant(c).ToString());
        }

        return builder.ToString();
    }

    private enum ItemType
    {
        BigInteger,
        String,
        List,
        Int,
        Long,
    }

    private abstract class Item
    {
        public abstract ItemType Type { get; }

        public abstract bool IsNull { get; }

        /// <summary>Maven's <c>Item.compareTo</c>; <paramref name="other"/> null stands for a missing item.</summary>
        public abstract int CompareTo(Item? other);
    }

    private sealed class NumberItem : Item
    {
        public static readonly NumberItem Zero = new(ItemType.Int, "0");

        private readonly string digits;

        private NumberItem(ItemType type, string digits)
        {
            Type = type;
            this.digits = digits;
        }

        public override ItemType Type { get; }

        public override bool IsNull => DecimalText.IsZero(digits);

        // parseItem: strip leading ASCII zeros, then int (≤ 9 chars), long (≤ 18) or BigInteger by length.
        public static NumberItem Parse(string buffer)
        {
            var stripped = buffer.TrimStart('0');
            if (stripped.Length == 0)
            {
                stripped = buffer;
            }

            var type = stripped.Length <= 9 ? ItemType.Int : stripped.Length <= 18 ? ItemType.Long : ItemType.BigInteger;
            return new NumberItem(type, AsciiDigits(stripped));
        }

        public override int CompareTo(Item? other)
        {
            if (other is null)
            {
                return IsNull ? 0 : 1;
            }

            if (other is NumberItem number)
            {
                return Type == number.Type ? DecimalText.Compare(digits, number.digits) : Rank(Type).CompareTo(Rank(number.Type));
            }

            return 1; // 1.1 > 1-sp, 1.1 > 1-1
        }

        private static int Rank(ItemType type) => type switch
        {
            ItemType.Int => 0,
            ItemType.Long => 1,
            _ => 2,
        };

        // Java parses any Unicode decimal digit by its value.
        private static string AsciiDigits(string digits)
        {
            foreach (var c in digits)
            {
                if (!DecimalText.IsAsciiDigit(c))
                {
                    return string.Concat(digits.Select(d => (char)('0' + CharUnicodeInfo.GetDecimalDigitValue(d))));
                }
            }

            return digits;
        }
    }

    private sealed class StringItem : Item
    {
        private static readonly string[] Qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];

        private const string ReleaseIndex = "5";

        private readonly string value;

        public StringItem(string value, bool followedByDigit)
        {
            if (followedByDigit && value.Length == 1)
            {
                value = value[0] switch
                {
                    'a' => "alpha",
                    'b' => "beta",
                    'm' => "milestone",
                    _ => value,
                };
            }

            // ALIASES: the release spellings mean no qualifier; cr is rc.
            this.value = value switch
            {
                "ga" or "final" or "release" => "",
                "cr" => "rc",
                _ => value,
            };
        }

        public override ItemType Type => ItemType.String;

        public override bool IsNull => value.Length == 0;

        public override int CompareTo(Item? other) => other switch
        {
            null => string.CompareOrdinal(Comparable(value), ReleaseIndex), // 1-rc < 1, 1-ga = 1
            NumberItem => -1, // 1.any < 1.1
            StringItem text => string.CompareOrdinal(Comparable(value), Comparable(text.value)),
            _ => -1, // 1.any < 1-1
        };

        // comparableQualifier: known qualifiers by rank, the rest after them lexically.
        private static string Comparable(string qualifier)
        {
            var index = Array.IndexOf(Qualifiers, qualifier);
            return index >= 0 ? index.ToString(CultureInfo.InvariantCulture) : Qualifiers.Length + "-" + qualifier;
        }
    }

    private sealed class ListItem : Item
    {
        private readonly List<Item> items = [];

        public int Count => items.Count;

        public override ItemType Type => ItemType.List;

        public override bool IsNull => items.Count == 0;

        public void Add(Item item) => items.Add(item);

        // Drops trailing null items (0, "", empty lists), looking through nested lists at the end.
        public void Normalize()
        {
            for (var i = items.Count - 1; i >= 0; i--)
            {
                if (items[i].IsNull)
                {
                    items.RemoveAt(i);
                }
                else if (items[i] is not ListItem)
                {
                    break;
                }
            }
        }

        public override int CompareTo(Item? other)
        {
            switch (other)
            {
                case null:
                    // The whole list against nothing, not just its first item (MNG-6964).
                    foreach (var item in items)
                    {
                        var order = item.CompareTo(null);
                        if (order != 0)
                        {
                            return order;
                        }
                    }

                    return 0;
                case NumberItem:
                    return -1; // 1-1 < 1.0.x
                case StringItem:
                    return 1; // 1-1 > 1-sp
                case ListItem list:
                    var count = Math.Max(items.Count, list.items.Count);
                    for (var i = 0; i < count; i++)
                    {
                        var left = i < items.Count ? items[i] : null;
                        var right = i < list.items.Count ? list.items[i] : null;
                        var order = left is null ? (right is null ? 0 : -right.CompareTo(null)) : left.CompareTo(right);
                        if (order != 0)
                        {
                            return order;
                        }
                    }

                    return 0;
                default:
                    throw new InvalidOperationException("unknown item");
            }
        }
    }
}
