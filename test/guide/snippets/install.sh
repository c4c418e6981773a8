npm install xcs-jit
npm install -D typescript@5.9 ts-patch@3.3 @types/node   # the tspc path (TypeScript 5.x or 6)
npm install -D vite @types/node                           # or the Vite path (any TypeScript, 7 included)
