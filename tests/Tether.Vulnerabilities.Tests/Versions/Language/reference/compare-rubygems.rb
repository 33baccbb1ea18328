# Compares version pairs with RubyGems' Gem::Version (correct? and <=>).
out = []
$stdin.read.force_encoding(Encoding::UTF_8).split("\n").each do |line|
  next if line.empty?
  a, b = line.split("\t", 2)
  if !Gem::Version.correct?(a)
    out << "invalid-a"
  elsif !Gem::Version.correct?(b)
    out << "invalid-b"
  else
    out << ["<", "=", ">"][(Gem::Version.new(a) <=> Gem::Version.new(b)) + 1]
  end
end
$stdout.write(out.join("\n") + "\n")
