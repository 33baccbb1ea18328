using Tether.Core.Errors;
using Tether.Core.Identity;
using Tether.Pipeline.CiReport.Payload;

namespace Tether.Pipeline.CiReport.Parse;

/// <summary>Reads <c>--image registry/repo:tag@sha256:…</c>: the digest is required, because images are keyed by it.</summary>
public static class ImageArguments
{
    public static CiImage Parse(string argument)
    {
        if (!ImageName.TryParse(argument, out var name, out var error))
        {
            throw new InputException("--image", null, error);
        }

        if (name.Digest is null)
        {
            throw new InputException("--image", null,
                $"'{argument}' has no digest; pass ref@sha256:… (the digest the push printed, or steps.<id>.outputs.digest).");
        }

        return new CiImage { Digest = name.Digest, Names = [(name with { Digest = null }).ToString()] };
    }
}
