from stadstafel.start import command

command()
