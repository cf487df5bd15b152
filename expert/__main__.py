from expert.cli import main

main()
