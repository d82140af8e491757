from stadstafel.cli import main

main()
