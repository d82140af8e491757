from stadstafel.start import main

main()
